//! Work spread over every core: reading providers and emitting their files are independent per
//! provider, and a large registry is thousands of them.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Maps `f` over `items` on every core, keeping the order. A panic in `f` is re-raised here.
///
/// Workers take the next few items as they finish the last ones, so that a slow provider, or
/// a core the machine lends elsewhere for a moment, does not leave the other cores idle.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    if workers == 1 {
        return items.iter().map(f).collect();
    }
    // Small enough to balance, large enough that taking a batch costs nothing.
    let batch = (items.len() / (workers * 16)).clamp(1, 64);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(batch, Ordering::Relaxed);
            if start >= items.len() {
                return done;
            }
            let end = (start + batch).min(items.len());
            done.push((start, items[start..end].iter().map(&f).collect::<Vec<R>>()));
        }
    };
    let mut batches: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    batches.sort_unstable_by_key(|(start, _)| *start);
    batches.into_iter().flat_map(|(_, results)| results).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(super::map(&items, |n| n * 2), items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u32], |n| *n).is_empty());
        assert_eq!(super::map(&[7], |n| n + 1), [8]);
    }
}
