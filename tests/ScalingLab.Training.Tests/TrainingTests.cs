using ScalingLab.Laws;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Loop;
using ScalingLab.Training.Store;
using ScalingLab.Units;

namespace ScalingLab.Training.Tests;

/// <summary>Prepares a byte-level Brown dataset once for the training tests.</summary>
public sealed class ByteBrownFixture
{
    public string Folder { get; }
    public DatasetMetadata Meta { get; }

    public ByteBrownFixture() => (Folder, Meta) = TestData.ByteDataset(files: 12);
}

public class TrainingTests(ByteBrownFixture data) : IClassFixture<ByteBrownFixture>
{
    private static readonly ResolvedLaw Law = new ResolvedLaw.LossLaw(LawCatalog.Default);

    // A tiny decoder: 2 layers, width 64, byte vocabulary, context 64 (~0.12M parameters), 16 sequences
    // per step at a fixed peak rate 3e-3 with 5% warm-up. One thread: see TrainCommandTests on busy cores.
    private RunPlan Plan(double tokens, int every = 20, double lr = 3e-3, double warmup = 0.05)
    {
        var plan = RunPlanner.Plan(new RunSpec(data.Folder, Tokens: new Tokens(tokens), Layers: 2, DModel: 64, Context: 64,
            LearningRate: lr, BatchSequences: 16, WarmupFraction: warmup, EvalEvery: every, CheckpointEvery: every, Threads: 1), Law, data.Meta);
        return plan with { Options = plan.Options with { EvalTokens = 16_384, LogEvery = 5 } };
    }

    /// <summary>Starts <paramref name="plan"/> in <paramref name="run"/>, or continues the run there when it is null.</summary>
    private static TrainResult Train(string run, RunPlan? plan, CancellationToken cancel = default, Action<TrainProgress>? progress = null) =>
        Trainer.Run(new RunRequest(run, plan is null ? RunManifest.Load(run) : RunManifest.New(plan, DatasetMetadata.Load(plan.Spec.Data), run, Path.Combine(run, "store.db")),
            PeakFlopsPerSecond: 1e11), progress, cancel);

    [Fact]
    public void TinyModelLearnsWellBelowTheUnigramEntropyOfTheText()
    {
        // The unigram (order-0) entropy of the validation bytes is what a model that ignores context achieves.
        using var val = new TokenFile(Path.Combine(data.Folder, DatasetMetadata.ValFile), data.Meta.TokenBytes);
        var ids = new long[val.Count];
        val.Read(0, ids);
        var unigram = ids.GroupBy(i => i).Select(g => (double)g.Count() / ids.Length).Sum(p => -p * Math.Log(p));
        Assert.InRange(unigram, 2.9, 3.2); // English text: about 4.3-4.5 bits per character

        var run = TestData.TempFolder("learn");
        var r = Train(run, Plan(250 * 16 * 64, every: 250));
        Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal(250, r.Steps);
        Assert.True(r.FinalValLoss < unigram - 0.5, $"val loss {r.FinalValLoss:0.000} nats vs unigram entropy {unigram:0.000}");
        // Byte-level: bits per byte is nats per token / ln 2.
        Assert.Equal(r.FinalValLoss / Math.Log(2), r.ValBitsPerByte, 9);
    }

    [Fact]
    public void KilledAndResumedRunEndsExactlyLikeAnUninterruptedOne()
    {
        var o = Plan(40 * 16 * 64, every: 10);
        o = o with { Options = o.Options with { EvalTokens = 4096 } };
        var whole = TestData.TempFolder("whole");
        var a = Train(whole, o);

        // Stopped after step 27 (as SIGTERM stops it): the run checkpoints where it stopped, between its own checkpoints at 20 and 30.
        var killed = TestData.TempFolder("killed");
        using var cancel = new CancellationTokenSource();
        var first = Train(killed, o, cancel: cancel.Token, progress: p => { if (p.Step == 27) cancel.Cancel(); });
        Assert.Equal(RunStatus.Interrupted, first.Status);
        Assert.Equal(27, first.LastCheckpointStep);
        Assert.Equal([27L, 20L, 10L], new Checkpoints(killed).Steps());
        using (var stopped = new ExperimentStore(Path.Combine(killed, "store.db")))
            Assert.Equal("interrupted", stopped.Run(RunManifest.Load(killed).RunId)!.Value.Status);
        var b = Train(killed, null);

        Assert.Equal(RunStatus.Completed, b.Status);
        Assert.Equal(a.FinalTrainLoss, b.FinalTrainLoss);
        Assert.Equal(a.FinalValLoss, b.FinalValLoss);
        Assert.Equal(File.ReadAllBytes(new Checkpoints(whole).Stem(40) + ".model"), File.ReadAllBytes(new Checkpoints(killed).Stem(40) + ".model"));
        // The metrics log holds each step once, with the same losses as the uninterrupted run.
        var la = new MetricsLog(whole).Read();
        var lb = new MetricsLog(killed).Read();
        Assert.Equal(la.Select(p => (p.Step, p.TrainLoss, p.ValLoss)), lb.Select(p => (p.Step, p.TrainLoss, p.ValLoss)));
        using var store = new ExperimentStore(Path.Combine(killed, "store.db"));
        var manifest = RunManifest.Load(killed);
        var row = store.Run(manifest.RunId)!.Value;
        Assert.Equal("completed", row.Status);
        Assert.Equal(b.FinalValLoss, row.FinalValLoss!.Value, 6);
        Assert.Equal(la.Count, row.MetricRows);
    }

    [Fact]
    public void DivergingRunStopsWithAClearMessageAndKeepsItsLastGoodCheckpoint()
    {
        // A learning rate of 30 (10^4 times a sane one) blows the loss up during warm-up.
        var o = Plan(100 * 16 * 64, every: 2, lr: 30, warmup: 0.3);
        var run = TestData.TempFolder("nan");
        var r = Train(run, o);
        Assert.Equal(RunStatus.Diverged, r.Status);
        Assert.Contains("diverged at step", r.Message);
        Assert.Contains("last good checkpoint", r.Message);
        Assert.NotNull(r.LastCheckpointStep);
        Assert.True(r.Steps < 100);
        // The checkpoint left behind is complete and loads; its losses were finite.
        var cp = new Checkpoints(run);
        Assert.Equal(r.LastCheckpointStep, cp.Steps().First());
        var resumed = Train(run, null);
        Assert.Equal(RunStatus.Diverged, resumed.Status); // same seed, same data, same blow-up: deterministic
        Assert.Equal(r.Steps, resumed.Steps);
    }

    [Fact]
    public void GuardCatchesNaNSuddenSpikesAndSlowBlowUps()
    {
        var steady = new DivergenceGuard(3);
        for (var i = 0; i < 20; i++) Assert.Null(steady.Check(2.0));
        Assert.Null(steady.Check(5.9));                       // 2.95x the best average: tolerated
        Assert.Contains("x the best recent average", steady.Check(6.5));
        Assert.Contains("NaN", new DivergenceGuard(3).Check(double.NaN));

        // A loss growing 20% a step drags its moving average up with it; the best average does not move.
        var slow = new DivergenceGuard(3);
        var loss = 2.0;
        string? why = null;
        var steps = 0;
        for (; why is null && steps < 100; steps++) why = slow.Check(loss *= steps < 12 ? 1.0 : 1.2);
        Assert.NotNull(why);
        Assert.InRange(loss, 6.0, 7.2); // stopped at the first loss above 3x the best average (2.0)
    }

    [Fact]
    public void ExistingRunFolderIsNotOverwritten()
    {
        var run = TestData.TempFolder("twice");
        RunManifest.New(Plan(1000), data.Meta, run).Save(run);
        var e = Assert.Throws<InputException>(() => Train(run, Plan(1000)));
        Assert.Equal("output", e.Parameter);
        Assert.Contains("resume", e.Message);
    }
}
