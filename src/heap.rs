//! A small heap for the page's wasm: power-of-two size classes with one free list each, carved
//! from the end of linear memory. It replaces std's dlmalloc in the page builds (~6 KB of wasm
//! for a general-purpose allocator a page tab does not need); node and the edge keep dlmalloc.
//!
//! Why this shape: a page holds a few hundred small strings and one growing queue text, and
//! lives minutes. A block freed goes back to its class and is reused by the next request of that
//! class, so memory stays at the page's peak use (at most twice each block's size); nothing is
//! split or merged, so there is no metadata beside the blocks and no search.

/// Smallest block (bytes): room for the free list's link and 16-byte alignment of every block
/// carved from the 16-aligned bump region.
const MIN_CLASS: u32 = 4;
/// Classes 2^4 … 2^31: every allocation a 32-bit address space can hold.
const CLASSES: usize = 28;

/// Where new memory comes from: `grow(n)` appends `n` bytes (a multiple of `PAGE`) right after
/// the memory grown so far and returns the start of them, or `None` when there is no more.
pub trait Memory {
    const PAGE: usize;
    fn grow(&mut self, bytes: usize) -> Option<usize>;
}

/// The size-class heap. All addresses are plain `usize`s so that native tests can drive it over
/// a buffer; the page build wraps it in a `GlobalAlloc`.
pub struct Heap<M: Memory> {
    memory: M,
    /// Head of each class's free list (0 = empty); a free block's first word links the next.
    free: [usize; CLASSES],
    /// The unused tail of the memory grown so far: `[next, end)`.
    next: usize,
    end: usize,
}

/// The class of a request: the smallest power of two ≥ both size and alignment (≥ 16).
fn class_of(size: usize, align: usize) -> Option<usize> {
    let bytes = size.max(align).max(1 << MIN_CLASS);
    let class = bytes.checked_next_power_of_two()?.trailing_zeros();
    let index = (class - MIN_CLASS) as usize;
    (index < CLASSES).then_some(index)
}

impl<M: Memory> Heap<M> {
    pub const fn new(memory: M) -> Self {
        Heap {
            memory,
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }
    }

    /// A block of at least `size` bytes aligned to `align` (a power of two), or 0.
    ///
    /// # Safety
    /// The heap's memory must be addressable at the addresses it hands out, as `Memory::grow`
    /// promises; blocks are raw memory.
    pub unsafe fn alloc(&mut self, size: usize, align: usize) -> usize {
        let Some(index) = class_of(size, align) else {
            return 0;
        };
        let head = self.free[index];
        // Every block is 16-aligned; a wider alignment (rare: none of the core's types) takes a
        // freed block only when it happens to be aligned.
        if head != 0 && head % align == 0 {
            self.free[index] = unsafe { *(head as *const usize) };
            return head;
        }
        self.carve(16usize << index, align)
    }

    /// Gives `ptr` (from `alloc(size, align)`) back to its class.
    ///
    /// # Safety
    /// `ptr` came from this heap with the same `size` and `align` and is not used again.
    pub unsafe fn dealloc(&mut self, ptr: usize, size: usize, align: usize) {
        if let Some(index) = class_of(size, align) {
            unsafe { *(ptr as *mut usize) = self.free[index] };
            self.free[index] = ptr;
        }
    }

    /// Whether a block of `old` bytes already holds `new` bytes (same class: `realloc` keeps it).
    pub fn same_block(old: usize, new: usize, align: usize) -> bool {
        class_of(old, align) == class_of(new, align)
    }

    /// A fresh block of `bytes` (a class size) from the tail, aligned to `align` and 16, growing
    /// memory when the tail is short.
    fn carve(&mut self, bytes: usize, align: usize) -> usize {
        let align = align.max(16);
        for _ in 0..3 {
            let start = self.next.wrapping_add(align - 1) & !(align - 1);
            let block_end = start.checked_add(bytes).filter(|_| start >= self.next);
            if block_end.is_some_and(|e| e <= self.end) {
                self.next = start + bytes;
                return start;
            }
            // Grow by what the tail lacks (it is extended in place when it is memory's end).
            let short = block_end.map_or(bytes + align, |e| e - self.end);
            let Some(need) = short.checked_next_multiple_of(M::PAGE) else {
                return 0;
            };
            let Some(base) = self.memory.grow(need) else {
                return 0;
            };
            // Memory grows at its end, so the new bytes extend the tail when the tail is the end;
            // otherwise (the first growth) they start a new tail, grown once more if short.
            if base != self.end {
                self.next = base;
            }
            self.end = base + need;
        }
        0
    }
}

#[cfg(page_host)]
mod page {
    use super::{Heap, Memory};
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32::memory_grow;
    use core::cell::UnsafeCell;
    use core::ptr::null_mut;

    /// wasm linear memory, grown in 64 KiB pages.
    struct Linear;

    impl Memory for Linear {
        const PAGE: usize = 65536;
        fn grow(&mut self, bytes: usize) -> Option<usize> {
            let old = memory_grow(0, bytes / Self::PAGE);
            (old != usize::MAX).then(|| old * Self::PAGE)
        }
    }

    /// The page builds' allocator (script tag, ES module); node and workerd (the `edge` build)
    /// keep std's dlmalloc for long-lived processes.
    struct PageHeap(UnsafeCell<Heap<Linear>>);

    // The page's wasm has one thread (no shared memory, no atomics).
    unsafe impl Sync for PageHeap {}

    #[global_allocator]
    static HEAP: PageHeap = PageHeap(UnsafeCell::new(Heap::new(Linear)));

    unsafe impl GlobalAlloc for PageHeap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).alloc(layout.size(), layout.align()) as *mut u8 }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { (*self.0.get()).dealloc(ptr as usize, layout.size(), layout.align()) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if Heap::<Linear>::same_block(layout.size(), new_size, layout.align()) {
                return ptr;
            }
            let new =
                unsafe { self.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
            if new.is_null() {
                return null_mut();
            }
            unsafe {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A growable buffer standing in for linear memory (addresses are real, so blocks can be
    /// written and read back).
    struct Buffer {
        base: usize,
        used: usize,
        capacity: usize,
    }

    impl Memory for Buffer {
        const PAGE: usize = 4096;
        fn grow(&mut self, bytes: usize) -> Option<usize> {
            (self.used + bytes <= self.capacity).then(|| {
                self.used += bytes;
                self.base + self.used - bytes
            })
        }
    }

    fn heap(storage: &mut Vec<u128>) -> Heap<Buffer> {
        Heap::new(Buffer {
            base: storage.as_mut_ptr() as usize,
            used: 0,
            capacity: storage.len() * 16,
        })
    }

    #[test]
    fn classes() {
        assert_eq!(class_of(0, 1), Some(0));
        assert_eq!(class_of(16, 8), Some(0));
        assert_eq!(class_of(17, 1), Some(1));
        assert_eq!(class_of(1, 64), Some(2));
        assert_eq!(class_of(1 << 31, 1), Some(27));
        assert_eq!(class_of((1 << 31) + 1, 1), None);
        assert_eq!(class_of(usize::MAX, 1), None);
        assert!(Heap::<Buffer>::same_block(20, 32, 8));
        assert!(!Heap::<Buffer>::same_block(32, 33, 8));
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_hold_their_bytes() {
        let mut storage = vec![0u128; 1 << 18];
        let mut h = heap(&mut storage);
        let mut live: Vec<(usize, usize, usize, u8)> = Vec::new();
        // A fixed pseudo-random pattern of allocations and frees over many sizes and alignments.
        let mut seed = 0x2545_f491_u32;
        for step in 0..4000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            if seed % 2 == 0 && !live.is_empty() {
                let (ptr, size, align, fill) = live.swap_remove(seed as usize % live.len());
                let bytes = unsafe { core::slice::from_raw_parts(ptr as *const u8, size) };
                assert!(bytes.iter().all(|&b| b == fill), "block overwritten");
                unsafe { h.dealloc(ptr, size, align) };
                continue;
            }
            let size = 1 + (seed as usize >> 4) % [24, 200, 3000][step as usize % 3];
            let align = 1 << (seed % 7);
            let ptr = unsafe { h.alloc(size, align) };
            assert_ne!(ptr, 0);
            assert_eq!(ptr % align, 0, "alignment {align}");
            assert_eq!(ptr % 16, 0);
            for &(p, s, _, _) in &live {
                assert!(ptr + size <= p || p + s <= ptr, "overlap");
            }
            let fill = step as u8;
            unsafe { core::ptr::write_bytes(ptr as *mut u8, fill, size) };
            live.push((ptr, size, align, fill));
        }
    }

    #[test]
    fn freed_blocks_are_reused_so_memory_stays_at_peak() {
        let mut storage = vec![0u128; 1 << 14];
        let mut h = heap(&mut storage);
        for _ in 0..1000 {
            let a = unsafe { h.alloc(100, 8) };
            let b = unsafe { h.alloc(5000, 8) };
            unsafe {
                h.dealloc(a, 100, 8);
                h.dealloc(b, 5000, 8);
            }
        }
        // 128 + 8192 bytes in use at the peak: three 4 KiB pages.
        assert_eq!(h.memory.used, 3 * 4096);
    }

    #[test]
    fn growth_extends_the_tail_and_exhaustion_gives_null() {
        let mut storage = vec![0u128; 1024]; // 16 KiB
        let mut h = heap(&mut storage);
        let a = unsafe { h.alloc(4000, 16) };
        let b = unsafe { h.alloc(4000, 16) };
        assert_eq!(
            b,
            a + 4096,
            "the second block follows the first in grown memory"
        );
        assert_eq!(unsafe { h.alloc(1 << 20, 16) }, 0);
        assert_eq!(unsafe { h.alloc(usize::MAX, 16) }, 0);
        // What is left still serves small requests.
        assert_ne!(unsafe { h.alloc(64, 16) }, 0);
    }
}
