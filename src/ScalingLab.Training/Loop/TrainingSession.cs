using System.Diagnostics;
using ScalingLab.Compute;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Model;
using ScalingLab.Training.Native;
using ScalingLab.Training.Store;
using ScalingLab.Units;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingLab.Training.Loop;

/// <summary>
/// One open run: its data, model, optimizer, checkpoints, metrics and store row, and where the loop
/// stands. <see cref="Open"/> gets everything ready (checking the data against what the run
/// recorded and restoring the newest intact checkpoint); <see cref="Train"/> runs the updates one
/// small step at a time, and when cancelled (SIGINT, SIGTERM) writes a checkpoint where it stopped.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    private readonly string _folder;
    private readonly RunManifest _manifest;
    private readonly TrainOptions _o;
    private readonly DatasetMetadata _data;
    private readonly torch.Device _device;
    private readonly TokenFile _train, _val;
    private readonly Checkpoints _checkpoints;
    private readonly MetricsLog _log;
    private readonly ExperimentStore _store;
    private readonly BatchSampler _sampler;
    private readonly DivergenceGuard _guard;
    private readonly double _flopsPerToken, _peak;
    private DecoderModel _model = null!;
    private AdamW _optimizer = null!;
    private Parameter[] _parameters = [];

    // Where the loop stands; all of it travels in checkpoints.
    private long _step;
    private double _tokensSeen, _priorSeconds;
    private readonly Queue<double> _recent = new();
    private double? _valLoss, _valBpb;
    private long? _lastCheckpoint;

    // This process's own timing (not restored: a resumed run measures its own speed).
    private readonly Stopwatch _clock = new();
    private readonly Queue<double> _stepTimes = new();
    private double _trainSeconds, _trainedTokens;

    private TrainingSession(RunRequest r, DatasetMetadata data, TokenFile train, TokenFile val)
    {
        _folder = r.RunFolder;
        _manifest = r.Manifest;
        _o = r.Manifest.Options;
        _data = data;
        (_train, _val) = (train, val);
        TorchRuntime.EnsureReady(_o.Threads);
        _device = DeviceFor(_o.Device);
        Build();
        _checkpoints = new Checkpoints(_folder);
        _log = new MetricsLog(_folder);
        _store = new ExperimentStore(_manifest.Store);
        _guard = new DivergenceGuard(_o.SpikeFactor);
        _sampler = new BatchSampler(_train, _o.Shape.Context, _o.BatchSequences, _o.Seed);
        _flopsPerToken = FlopCount.PerToken(_o.Shape, FlopConvention.Exact);
        _peak = r.PeakFlopsPerSecond ?? PeakThroughput.Measure(_o.Precision, _device);
    }

    /// <summary>
    /// Gets a run ready: records a new run's manifest (or checks that the folder's run is this one),
    /// checks the dataset's files against their checksums and against the files the run started on,
    /// builds the seeded model and optimizer, restores the newest intact checkpoint, drops metrics
    /// logged after it (repairing a torn last line), and marks the run as running in its store.
    /// Whatever it had to repair or skip is told to <paramref name="notice"/>, one line each.
    /// </summary>
    public static TrainingSession Open(RunRequest r, Action<string>? notice = null)
    {
        var o = r.Manifest.Options.Validated();
        var folder = r.Manifest.DataFolder;
        var data = r.Manifest.VerifiedData();
        if (o.Shape.Vocab < data.VocabSize)
            throw new InputException("vocab", o.Shape.Vocab.ToString(), $"expected at least the dataset's vocabulary, {data.VocabSize} ({data.Tokenizer})");
        RequireLongerThanContext(data.TrainTokens, o, "training");
        RequireLongerThanContext(data.ValTokens, o, "validation");
        Register(r);
        var train = new TokenFile(Path.Combine(folder, DatasetMetadata.TrainFile), data.TokenBytes);
        var val = new TokenFile(Path.Combine(folder, DatasetMetadata.ValFile), data.TokenBytes);
        try
        {
            var session = new TrainingSession(r, data, train, val);
            session.Restore(notice);
            return session;
        }
        catch
        {
            train.Dispose();
            val.Dispose();
            throw;
        }
    }

    /// <summary>Trains from where the run stands to its last step, a divergence, or <paramref name="cancel"/> (then checkpointed where it stopped).</summary>
    public TrainResult Train(Action<TrainProgress>? progress = null, CancellationToken cancel = default)
    {
        _clock.Start();
        for (var step = _step; step < _o.Steps; step++)
        {
            if (cancel.IsCancellationRequested) return Finish(Interrupted());
            var lr = _o.LearningRate.At(step);
            var t0 = _clock.Elapsed.TotalSeconds;
            var (loss, problem) = Update(step, lr);
            if (problem is not null) return Finish(Diverged(step, problem));
            var tps = Count(loss, _clock.Elapsed.TotalSeconds - t0);
            _step = step + 1;
            var evaluated = EvaluateIfDue();
            LogIfDue(lr, tps, evaluated);
            if (_step % _o.CheckpointEvery == 0 || Last) Checkpoint();
            progress?.Invoke(Progress(loss, lr, tps));
        }
        return Finish(Result(RunStatus.Completed, "completed"));
    }

    /// <summary>The seeded initial model and a fresh optimizer (again, when a checkpoint failed to load into them).</summary>
    private void Build()
    {
        _optimizer?.Dispose();
        _model?.Dispose();
        torch.manual_seed(_o.Seed);
        _model = new DecoderModel(_o.Shape, _o.Precision);
        _model.to(_device);
        _optimizer = Optimizer(_model, _o);
        _parameters = _model.parameters().ToArray();
    }

    /// <summary>
    /// The run's state at the newest intact checkpoint (damaged ones are skipped and named), or the
    /// start when there is none; the metrics after it are dropped (they are trained again), and the
    /// store row says the run is running here.
    /// </summary>
    private void Restore(Action<string>? notice)
    {
        var any = _checkpoints.Steps().Any();
        foreach (var c in _checkpoints.Intact(notice))
        {
            try
            {
                Checkpoints.Load(c, _model, _optimizer);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                notice?.Invoke($"checkpoint step-{c.Step:D8} passed its checksums but did not load ({e.Message.Split('\n')[0]}); skipped");
                Build();
                continue;
            }
            var s = c.State;
            _step = s.Step;
            _tokensSeen = s.TokensSeen;
            _priorSeconds = s.Seconds;
            _guard.Restore(s.GuardAverage, s.GuardBest, s.GuardSeen);
            foreach (var l in s.RecentLosses) _recent.Enqueue(l);
            (_valLoss, _valBpb, _lastCheckpoint) = (s.LastValLoss, s.LastValBitsPerByte, s.Step);
            break;
        }
        if (any && _lastCheckpoint is null) notice?.Invoke("no intact checkpoint: the run starts again from step 0 (the same seed gives the same run)");
        var torn = _log.TruncateAfter(_step);
        if (torn > 0)
            notice?.Invoke($"{Path.GetFileName(_log.Path)}: dropped {torn} unreadable line{(torn == 1 ? "" : "s")} (a torn last line is what a crash mid-append leaves); steps after {_step} are logged again");
        foreach (var folder in _store.StartRun(_manifest.RunId, _folder, _manifest.ToJson(), _model.ParameterCount(), _o.Tokens.Value))
            notice?.Invoke($"store: the run in {folder} was still marked running, but its process had ended; marked it interrupted");
        _store.DropMetricsAfter(_manifest.RunId, _step);
    }

    /// <summary>One optimizer update: the loss of the step's batch, or why the run cannot go on.</summary>
    private (double Loss, string? Problem) Update(long step, double lr)
    {
        using var scope = NewDisposeScope();
        foreach (var g in _optimizer.ParamGroups) g.LearningRate = lr;
        var (xs, ys) = _sampler.Batch(step);
        var x = tensor(xs, device: _device).view(_o.BatchSequences, _o.Shape.Context);
        var y = tensor(ys, device: _device).view(_o.BatchSequences, _o.Shape.Context);
        _optimizer.zero_grad();
        var lossTensor = _model.Loss(x, y);
        var loss = (double)lossTensor.item<float>();
        if (_guard.Check(loss) is { } why) return (loss, why);
        lossTensor.backward();
        var norm = nn.utils.clip_grad_norm_(_parameters, _o.ClipNorm);
        if (!double.IsFinite(norm)) return (loss, $"gradient norm is {norm}");
        _optimizer.step();
        return (loss, null);
    }

    /// <summary>Counts an update's tokens, loss and time; returns the recent tokens per second.</summary>
    private double Count(double loss, double seconds)
    {
        _tokensSeen += _o.TokensPerStep;
        _trainedTokens += _o.TokensPerStep;
        _recent.Enqueue(loss);
        if (_recent.Count > _o.LogEvery) _recent.Dequeue();
        _trainSeconds += seconds;
        _stepTimes.Enqueue(seconds);
        if (_stepTimes.Count > 20) _stepTimes.Dequeue();
        return _o.TokensPerStep * _stepTimes.Count / _stepTimes.Sum();
    }

    private bool Last => _step == _o.Steps;

    private bool EvaluateIfDue()
    {
        if (_step % _o.EvalEvery != 0 && !Last) return false;
        _valLoss = Evaluator.Loss(_model, _val, _o, _device);
        _valBpb = _valLoss / Math.Log(2) / _data.ValBytesPerToken;
        return true;
    }

    private void LogIfDue(double lr, double tps, bool evaluated)
    {
        if (_step % _o.LogEvery != 0 && !evaluated) return;
        var point = new MetricPoint(_step, _tokensSeen, _recent.Average(), lr, tps, Seconds,
            evaluated ? _valLoss : null, evaluated ? _valBpb : null);
        _log.Append(point);
        _store.Add(_manifest.RunId, point);
    }

    private void Checkpoint()
    {
        _checkpoints.Save(_step, _model, _optimizer, new CheckpointState(_step, _tokensSeen, Seconds,
            _guard.Average, _guard.Best, _guard.Seen, _recent.ToArray(), _valLoss, _valBpb));
        _lastCheckpoint = _step;
    }

    private TrainProgress Progress(double loss, double lr, double tps) =>
        new(_step, _o.Steps, _tokensSeen, _o.ScheduledTokens, loss, _valLoss, lr, tps, tps * _flopsPerToken, tps * _flopsPerToken / _peak,
            TimeSpan.FromSeconds((_o.Steps - _step) * _o.TokensPerStep / tps));

    /// <summary>Stopped from outside: the work so far is checkpointed, so the run resumes exactly here.</summary>
    private TrainResult Interrupted()
    {
        if (_lastCheckpoint != _step && _step > 0) Checkpoint();
        return Result(RunStatus.Interrupted, _lastCheckpoint is { } c
            ? $"interrupted at step {_step:N0} of {_o.Steps:N0}; checkpoint at step {c:N0} written"
            : $"interrupted before its first step");
    }

    private TrainResult Diverged(long step, string why)
    {
        var keep = _lastCheckpoint is { } c ? $"last good checkpoint: step {c} in {_checkpoints.Folder}" : "no checkpoint was written yet";
        return Result(RunStatus.Diverged,
            $"training diverged at step {step + 1}: {why}; stopped ({keep}). Lower ‹learningRate› or raise ‹warmupFraction›.");
    }

    private double Seconds => _priorSeconds + _clock.Elapsed.TotalSeconds;

    private TrainResult Result(RunStatus status, string message) => new(status, message, _model.ParameterCount(), _step, _o.Steps,
        _tokensSeen, _o.Tokens, _recent.Count > 0 ? _recent.Average() : double.NaN, _valLoss ?? double.NaN, _valBpb ?? double.NaN,
        Seconds, _trainSeconds > 0 ? _trainedTokens / _trainSeconds : 0, _lastCheckpoint, _o.Shape, _o.Precision,
        _o.LearningRate.Peak, _o.BatchSequences, Path.GetFullPath(_folder), _manifest.Store);

    private TrainResult Finish(TrainResult result)
    {
        _store.Finish(_manifest.RunId, result);
        return result;
    }

    /// <summary>Saves a new run's manifest; a folder that already holds a run must hold this one.</summary>
    private static void Register(RunRequest r)
    {
        var existing = RunManifest.TryLoad(r.RunFolder);
        if (existing is null) r.Manifest.Save(r.RunFolder);
        else if (existing.RunId != r.Manifest.RunId)
            throw new InputException("output", r.RunFolder, $"expected a new folder or this run's own; it holds run {existing.RunId} (continue that one with ‹resume›)");
    }

    private static void RequireLongerThanContext(long tokens, TrainOptions o, string name)
    {
        if (tokens < o.Shape.Context + 2)
            throw new InputException("context", o.Shape.Context.ToString(), $"expected a context shorter than the {name} split ({tokens:N0} tokens)");
    }

    private static torch.Device DeviceFor(TrainingDevice device)
    {
        if (device == TrainingDevice.Cuda && !torch.cuda.is_available())
            throw new InputException("device", "cuda", "expected cpu: no CUDA device or no CUDA build of LibTorch here");
        return device == TrainingDevice.Cuda ? CUDA : CPU;
    }

    // Decoupled weight decay on matrices and embeddings only; gains and biases are not decayed.
    private static AdamW Optimizer(DecoderModel model, TrainOptions o)
    {
        var decay = model.parameters().Where(p => p.dim() >= 2).ToList();
        var plain = model.parameters().Where(p => p.dim() < 2).ToList();
        var peak = o.LearningRate.Peak;
        return optim.AdamW(
        [
            new AdamW.ParamGroup(decay, new AdamW.Options { LearningRate = peak, weight_decay = o.WeightDecay, beta1 = 0.9, beta2 = 0.95 }),
            new AdamW.ParamGroup(plain, new AdamW.Options { LearningRate = peak, weight_decay = 0, beta1 = 0.9, beta2 = 0.95 }),
        ], peak);
    }

    public void Dispose()
    {
        _store.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
        _train.Dispose();
        _val.Dispose();
    }
}
