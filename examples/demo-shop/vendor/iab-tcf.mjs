// The IAB TCF reference CMP API and encoder for the demo's TCF page, bundled on request by
// static.mjs: `window.IabTcf = { CmpApi, GVL, TCModel, TCString }`.
import { CmpApi } from '@iabtechlabtcf/cmpapi';
import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';

window.IabTcf = { CmpApi, GVL, TCModel, TCString };
