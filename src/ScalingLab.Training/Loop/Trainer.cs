using System.Diagnostics;
using ScalingLab.Compute;
using ScalingLab.Schedule;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Model;
using ScalingLab.Training.Native;
using ScalingLab.Training.Store;
using ScalingLab.Units;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingLab.Training.Loop;

/// <summary>A run to start (Options given) or to resume (Resume, options read from run.json).</summary>
public sealed record RunRequest(
    string RunFolder,
    string? DataFolder = null,
    TrainOptions? Options = null,
    bool Resume = false,
    string? StorePath = null,
    double? PeakFlopsPerSecond = null);

/// <summary>
/// The training loop: AdamW with decoupled weight decay, warm-up + cosine to the planned tokens,
/// gradient clipping, periodic validation, atomic checkpoints, metrics to JSONL and SQLite, and a
/// divergence guard. Deterministic: data order and initial weights are functions of the seed.
/// </summary>
public static class Trainer
{
    public static TrainResult Run(RunRequest r, Action<TrainProgress>? progress = null, CancellationToken cancel = default)
    {
        var manifest = Manifest(r);
        var o = manifest.Options.Validated();
        var meta = DatasetMetadata.Load(manifest.DataFolder);
        if (o.Shape.Vocab < meta.VocabSize)
            throw new InputException("vocab", o.Shape.Vocab.ToString(), $"expected at least the dataset's vocabulary, {meta.VocabSize} ({meta.Tokenizer})");
        TorchRuntime.EnsureReady(o.Threads);
        var device = Device(o.Device);

        using var train = new TokenFile(Path.Combine(manifest.DataFolder, DatasetMetadata.TrainFile), meta.TokenBytes);
        using var val = new TokenFile(Path.Combine(manifest.DataFolder, DatasetMetadata.ValFile), meta.TokenBytes);
        if (train.Count < o.Shape.Context + 2)
            throw new InputException("context", o.Shape.Context.ToString(), $"expected a context shorter than the training split ({train.Count} tokens)");
        if (val.Count < o.Shape.Context + 2)
            throw new InputException("context", o.Shape.Context.ToString(), $"expected a context shorter than the validation split ({val.Count} tokens)");

        torch.manual_seed(o.Seed);
        using var model = new DecoderModel(o.Shape, o.Precision);
        model.to(device);
        using var optimizer = Optimizer(model, o);
        var checkpoints = new Checkpoints(r.RunFolder);
        var log = new MetricsLog(r.RunFolder);
        using var store = new ExperimentStore(r.StorePath ?? DefaultStore(r.RunFolder));

        var guard = new DivergenceGuard(o.SpikeFactor);
        var recent = new Queue<double>();
        long start = 0;
        double tokensSeen = 0, priorSeconds = 0;
        double? valLoss = null, valBpb = null;
        long? lastCheckpoint = null;
        if (r.Resume && checkpoints.LoadLatest(model, optimizer) is { } state)
        {
            start = state.Step;
            tokensSeen = state.TokensSeen;
            priorSeconds = state.Seconds;
            guard.Restore(state.GuardAverage, state.GuardBest, state.GuardSeen);
            foreach (var l in state.RecentLosses) recent.Enqueue(l);
            (valLoss, valBpb, lastCheckpoint) = (state.LastValLoss, state.LastValBitsPerByte, state.Step);
        }
        log.TruncateAfter(start);
        store.StartRun(manifest.RunId, r.RunFolder, manifest.ToJson(), model.ParameterCount(), o.Tokens.Value);
        store.DropMetricsAfter(manifest.RunId, start);

        var sampler = new BatchSampler(train, o.Shape.Context, o.BatchSequences, o.Seed);
        var flopsPerToken = FlopCount.PerToken(o.Shape, FlopConvention.Exact);
        var peak = r.PeakFlopsPerSecond ?? PeakThroughput.Measure(o.Precision, device);
        var clock = Stopwatch.StartNew();
        double trainSeconds = 0, trainedTokens = 0;
        var stepTimes = new Queue<double>();
        var parameters = model.parameters().ToArray();

        TrainResult Result(RunStatus status, string message, long steps) => new(status, message, model.ParameterCount(), steps,
            tokensSeen, recent.Count > 0 ? recent.Average() : double.NaN, valLoss ?? double.NaN, valBpb ?? double.NaN,
            priorSeconds + clock.Elapsed.TotalSeconds, trainSeconds > 0 ? trainedTokens / trainSeconds : 0, lastCheckpoint);

        for (var step = start; step < o.Steps; step++)
        {
            if (cancel.IsCancellationRequested)
            {
                var stopped = Result(RunStatus.Interrupted, $"interrupted at step {step}; resume with ‹resume›", step);
                store.Finish(manifest.RunId, stopped);
                return stopped;
            }
            var t0 = clock.Elapsed.TotalSeconds;
            var lr = o.LearningRate.At(step);
            double loss;
            string? diverged;
            using (NewDisposeScope())
            {
                foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                var (xs, ys) = sampler.Batch(step);
                var x = tensor(xs, device: device).view(o.BatchSequences, o.Shape.Context);
                var y = tensor(ys, device: device).view(o.BatchSequences, o.Shape.Context);
                optimizer.zero_grad();
                var lossTensor = model.Loss(x, y);
                loss = lossTensor.item<float>();
                diverged = guard.Check(loss);
                if (diverged is null)
                {
                    lossTensor.backward();
                    var norm = nn.utils.clip_grad_norm_(parameters, o.ClipNorm);
                    if (!double.IsFinite(norm)) diverged = $"gradient norm is {norm}";
                    else optimizer.step();
                }
            }
            if (diverged is not null)
            {
                var keep = lastCheckpoint is { } c ? $"last good checkpoint: step {c} in {checkpoints.Folder}" : "no checkpoint was written yet";
                var result = Result(RunStatus.Diverged,
                    $"training diverged at step {step + 1}: {diverged}; stopped ({keep}). Lower ‹lr› or raise ‹warmup›.", step);
                store.Finish(manifest.RunId, result);
                return result;
            }

            tokensSeen += o.TokensPerStep;
            trainedTokens += o.TokensPerStep;
            recent.Enqueue(loss);
            if (recent.Count > o.LogEvery) recent.Dequeue();
            var dt = clock.Elapsed.TotalSeconds - t0;
            trainSeconds += dt;
            stepTimes.Enqueue(dt);
            if (stepTimes.Count > 20) stepTimes.Dequeue();
            var done = step + 1;
            var last = done == o.Steps;
            var tps = o.TokensPerStep * stepTimes.Count / stepTimes.Sum();

            var evaluated = done % o.EvalEvery == 0 || last;
            if (evaluated)
            {
                valLoss = Evaluate(model, val, o, device);
                valBpb = valLoss / Math.Log(2) / meta.ValBytesPerToken;
            }
            if (done % o.LogEvery == 0 || evaluated)
            {
                var point = new MetricPoint(done, tokensSeen, recent.Average(), lr, tps, priorSeconds + clock.Elapsed.TotalSeconds,
                    evaluated ? valLoss : null, evaluated ? valBpb : null);
                log.Append(point);
                store.Add(manifest.RunId, point);
            }
            if (done % o.CheckpointEvery == 0 || last)
            {
                checkpoints.Save(done, model, optimizer, new CheckpointState(done, tokensSeen, priorSeconds + clock.Elapsed.TotalSeconds,
                    guard.Average, guard.Best, guard.Seen, recent.ToArray(), valLoss, valBpb));
                lastCheckpoint = done;
            }
            progress?.Invoke(new TrainProgress(done, o.Steps, tokensSeen, o.Steps * (double)o.TokensPerStep, loss, valLoss, lr, tps,
                tps * flopsPerToken, tps * flopsPerToken / peak, TimeSpan.FromSeconds((o.Steps - done) * o.TokensPerStep / tps)));
        }
        var final = Result(RunStatus.Completed, "completed", o.Steps);
        store.Finish(manifest.RunId, final);
        return final;
    }

    /// <summary>Mean next-token loss in nats over the first <c>EvalTokens</c> of the validation split, in whole windows.</summary>
    public static double Evaluate(DecoderModel model, TokenFile val, TrainOptions o, torch.Device device)
    {
        var ctx = o.Shape.Context;
        var windows = Math.Max(1, Math.Min(o.EvalTokens, val.Count - 1) / ctx);
        double total = 0;
        using var noGrad = no_grad();
        for (long w0 = 0; w0 < windows; w0 += o.BatchSequences)
        {
            using var scope = NewDisposeScope();
            var rows = (int)Math.Min(o.BatchSequences, windows - w0);
            var xs = new long[rows * ctx];
            var ys = new long[rows * ctx];
            var window = new long[ctx + 1];
            for (var i = 0; i < rows; i++)
            {
                val.Read((w0 + i) * ctx, window);
                window.AsSpan(0, ctx).CopyTo(xs.AsSpan(i * ctx));
                window.AsSpan(1, ctx).CopyTo(ys.AsSpan(i * ctx));
            }
            var loss = model.Loss(tensor(xs, device: device).view(rows, ctx), tensor(ys, device: device).view(rows, ctx));
            total += loss.item<float>() * rows;
        }
        return total / windows;
    }

    public static string DefaultStore(string runFolder) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "experiments.db");

    private static RunManifest Manifest(RunRequest r)
    {
        if (r.Resume) return RunManifest.Load(r.RunFolder);
        if (r.Options is null || r.DataFolder is null) throw new ArgumentException("a new run needs options and data");
        if (RunManifest.TryLoad(r.RunFolder) is not null)
            throw new InputException("output", r.RunFolder, "expected a new folder; this one holds a run (add ‹resume› to continue it)");
        var m = new RunManifest(Guid.NewGuid().ToString("N"), Path.GetFullPath(r.DataFolder), r.Options.Validated());
        m.Save(r.RunFolder);
        return m;
    }

    private static torch.Device Device(string name)
    {
        if (name == "cuda" && !torch.cuda.is_available())
            throw new InputException("device", name, "expected cpu: no CUDA device or no CUDA build of LibTorch here");
        return name == "cuda" ? CUDA : CPU;
    }

    // Decoupled weight decay on matrices and embeddings only; gains and biases are not decayed.
    private static AdamW Optimizer(DecoderModel model, TrainOptions o)
    {
        var decay = model.parameters().Where(p => p.dim() >= 2).ToList();
        var plain = model.parameters().Where(p => p.dim() < 2).ToList();
        return optim.AdamW(
        [
            new AdamW.ParamGroup(decay, new AdamW.Options { LearningRate = o.PeakLearningRate, weight_decay = o.WeightDecay, beta1 = 0.9, beta2 = 0.95 }),
            new AdamW.ParamGroup(plain, new AdamW.Options { LearningRate = o.PeakLearningRate, weight_decay = 0, beta1 = 0.9, beta2 = 0.95 }),
        ], o.PeakLearningRate);
    }
}
