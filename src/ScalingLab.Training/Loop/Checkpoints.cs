using System.Globalization;
using System.Text.Json;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Model;
using TorchSharp;
using TorchSharp.Modules;

namespace ScalingLab.Training.Loop;

/// <summary>
/// Checkpoints in a run's checkpoints/ folder: step-NNNNNNNN.model (weights), .optim (AdamW
/// moments) and .json (loop state). Each file is written under a temporary name and renamed, and
/// the .json is renamed last, so a checkpoint exists only once all three are complete: a run killed
/// while saving keeps its previous checkpoint. The newest two are kept.
/// </summary>
public sealed class Checkpoints(string runFolder)
{
    private const int Keep = 2;
    public string Folder { get; } = Path.Combine(runFolder, "checkpoints");

    public string Save(long step, DecoderModel model, OptimizerHelper optimizer, CheckpointState state)
    {
        Directory.CreateDirectory(Folder);
        var stem = Stem(step);
        model.save(stem + ".model.tmp");
        optimizer.save_state_dict(stem + ".optim.tmp");
        File.WriteAllText(stem + ".json.tmp", JsonSerializer.Serialize(state, ScalingLab.Serialization.ScalingLabJson.State));
        File.Move(stem + ".model.tmp", stem + ".model", overwrite: true);
        File.Move(stem + ".optim.tmp", stem + ".optim", overwrite: true);
        File.Move(stem + ".json.tmp", stem + ".json", overwrite: true);
        foreach (var old in Steps().Skip(Keep))
            foreach (var ext in new[] { ".json", ".model", ".optim" })
                File.Delete(Stem(old) + ext);
        return stem;
    }

    /// <summary>Committed checkpoint steps, newest first.</summary>
    public IEnumerable<long> Steps() =>
        !Directory.Exists(Folder) ? [] :
        Directory.EnumerateFiles(Folder, "step-*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)[5..])
            .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
            .Where(v => v >= 0)
            .OrderDescending();

    public CheckpointState? LoadLatest(DecoderModel model, OptimizerHelper optimizer)
    {
        foreach (var step in Steps())
        {
            var stem = Stem(step);
            if (!File.Exists(stem + ".model") || !File.Exists(stem + ".optim")) continue;
            model.load(stem + ".model");
            optimizer.load_state_dict(stem + ".optim");
            return JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(stem + ".json"), ScalingLab.Serialization.ScalingLabJson.State);
        }
        return null;
    }

    public string Stem(long step) => Path.Combine(Folder, $"step-{step:D8}");
}
