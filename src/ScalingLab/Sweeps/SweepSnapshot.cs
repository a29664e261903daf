using ScalingLab.Fitting;

namespace ScalingLab.Sweeps;

/// <summary>
/// A sweep as it stands, for its report: the spec (the design), every run's state, the training
/// curves the store holds (null before any run logged a step), the analysis of the completed runs,
/// and the runs trained beyond the sweep to verify it, each against the analysis' prediction.
/// </summary>
public sealed record SweepSnapshot(SweepSpec Spec, string Folder, IReadOnlyList<SweepRunStatus> Runs, RunTable? Curves,
    SweepAnalysisResult Analysis, IReadOnlyList<SweepVerification> Verifications);
