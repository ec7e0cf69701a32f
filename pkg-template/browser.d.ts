// Types of the package's `browser` entry (`tracksafe` in a page): the Tracker only. The free
// functions in a page are `tracksafe/full`'s (see index.d.ts).

export type * from './index.js';
export { Tracker } from './index.js';
