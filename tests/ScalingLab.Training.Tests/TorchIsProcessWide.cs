// LibTorch's random generator (torch.manual_seed) and its thread count are process-wide: two test
// classes building models at once draw from one generator, so a seeded run's initial weights
// depend on what ran beside it (a resumed run then ends at another loss than its uninterrupted
// twin). The tests of this assembly therefore run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
