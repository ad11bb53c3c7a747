// torch's global generator and thread settings are process-wide: the tests of this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
