using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ScalingLab.Serialization;
using ScalingLab.Training.Files;
using ScalingLab.Training.Model;
using TorchSharp.Modules;

namespace ScalingLab.Training.Loop;

/// <summary>
/// What a checkpoint's .json holds: the loop state, the size and SHA-256 of the weights and of the
/// optimizer state written beside it, and a SHA-256 of the state itself, so any damage to any of
/// the three files is seen before the checkpoint is used.
/// </summary>
public sealed record CheckpointRecord(long Step, FileDigest Model, FileDigest Optimizer, CheckpointState State, string StateSha256)
{
    public static string Hash(CheckpointState state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(state, ScalingLabJson.State))));
}

/// <summary>A checkpoint that passed its checks: its step, files and loop state.</summary>
public sealed record CheckpointCandidate(long Step, string ModelPath, string OptimizerPath, CheckpointState State);

/// <summary>
/// Checkpoints in a run's checkpoints/ folder: step-NNNNNNNN.model (weights), .optim (AdamW
/// moments) and .json (<see cref="CheckpointRecord"/>). Each file is written under a temporary
/// name and renamed, the .json last, so a checkpoint exists only once all three are complete: a
/// run killed while saving keeps its previous checkpoint. The newest <see cref="Keep"/> are kept,
/// and a checkpoint damaged later (truncated, zeroed, overwritten) fails its checksums and the run
/// falls back to the newest intact one.
/// </summary>
public sealed class Checkpoints(string runFolder)
{
    public const int Keep = 3;
    public string Folder { get; } = Path.Combine(runFolder, "checkpoints");

    public string Save(long step, DecoderModel model, OptimizerHelper optimizer, CheckpointState state)
    {
        Directory.CreateDirectory(Folder);
        var stem = Stem(step);
        model.save(stem + ".model.tmp");
        optimizer.save_state_dict(stem + ".optim.tmp");
        var record = new CheckpointRecord(step, FileDigest.Of(stem + ".model.tmp"), FileDigest.Of(stem + ".optim.tmp"), state, CheckpointRecord.Hash(state));
        File.WriteAllText(stem + ".json.tmp", JsonSerializer.Serialize(record, ScalingLabJson.State));
        File.Move(stem + ".model.tmp", stem + ".model", overwrite: true);
        File.Move(stem + ".optim.tmp", stem + ".optim", overwrite: true);
        File.Move(stem + ".json.tmp", stem + ".json", overwrite: true);
        foreach (var old in Steps().Skip(Keep))
            foreach (var ext in new[] { ".json", ".model", ".optim" })
                File.Delete(Stem(old) + ext);
        return stem;
    }

    /// <summary>Committed checkpoint steps (those with a .json), newest first.</summary>
    public IEnumerable<long> Steps() =>
        !Directory.Exists(Folder) ? [] :
        Directory.EnumerateFiles(Folder, "step-*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)[5..])
            .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
            .Where(v => v >= 0)
            .OrderDescending();

    /// <summary>
    /// The intact checkpoints, newest first; each damaged one on the way is reported to
    /// <paramref name="notice"/> with what is wrong.
    /// </summary>
    public IEnumerable<CheckpointCandidate> Intact(Action<string>? notice = null)
    {
        foreach (var step in Steps())
        {
            var stem = Stem(step);
            var why = Check(step, stem, out var state);
            if (why is null) yield return new CheckpointCandidate(step, stem + ".model", stem + ".optim", state!);
            else notice?.Invoke($"checkpoint {Path.GetFileName(stem)} is damaged ({why}); skipped");
        }
    }

    /// <summary>Loads a candidate's weights and optimizer state into the run's model and optimizer.</summary>
    public static void Load(CheckpointCandidate c, DecoderModel model, OptimizerHelper optimizer)
    {
        model.load(c.ModelPath);
        optimizer.load_state_dict(c.OptimizerPath);
    }

    private static string? Check(long step, string stem, out CheckpointState? state)
    {
        state = null;
        CheckpointRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<CheckpointRecord>(File.ReadAllText(stem + ".json"), ScalingLabJson.State);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException or OverflowException or ArgumentException or IOException)
        {
            return $"{Path.GetFileName(stem)}.json does not read: {e.Message.Split('\n')[0].TrimEnd('.')}";
        }
        if (record?.State is not { RecentLosses: not null } s || record.Model is null || record.Optimizer is null || record.StateSha256 is null)
            return $"{Path.GetFileName(stem)}.json lacks its state or checksums";
        if (record.Step != step || s.Step != step) return $"{Path.GetFileName(stem)}.json records step {record.Step}";
        if (CheckpointRecord.Hash(s) != record.StateSha256) return $"{Path.GetFileName(stem)}.json does not match its own checksum";
        var why = record.Model.Mismatch(stem + ".model") ?? record.Optimizer.Mismatch(stem + ".optim");
        if (why is null) state = s;
        return why;
    }

    public string Stem(long step) => Path.Combine(Folder, $"step-{step:D8}");
}
