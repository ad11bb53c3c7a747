// The torch global generator (manual_seed) and thread settings are process-wide: tests that train must not interleave,
// or bit-reproducibility checks see each other's random draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
