using System.CommandLine;
using System.Text;

namespace ScalingLab.Cli;

/// <summary>
/// The one place where the library's parameter names become this program's flags. The library
/// reports bad input by parameter (<c>targetLoss</c>, <c>parameters</c>, <c>accelerators</c>); a
/// parameter is shown as the command's option of the same kebab-case name, or as the flag listed
/// here where the CLI chose a shorter or older name; anything else is shown as it is.
/// </summary>
public sealed class Flags(Command? command)
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["parameters"] = "--params",
        ["convention"] = "--flops-convention",
        ["accelerators"] = "--gpus",
        ["inferenceAccelerators"] = "--inference-gpus",
        ["money"] = "--dollars",
        ["pricePerAcceleratorHour"] = "--price-per-gpu-hour",
        ["inferencePricePerAcceleratorHour"] = "--inference-price-per-gpu-hour",
        ["duration"] = "--days/--hours",
        ["output"] = "--out",
        ["ffnDim"] = "--ffn",
        ["learningRate"] = "--lr",
        ["batchSequences"] = "--batch",
        ["warmupFraction"] = "--warmup",
        ["inputs"] = "INPUTS",
        ["file"] = "FILE",
        ["points"] = "FILE",
    };

    public string Name(string parameter)
    {
        if (parameter.StartsWith('-') || parameter.Contains(' ') || parameter.All(c => !char.IsLetter(c) || char.IsUpper(c)))
            return parameter;
        var kebab = "--" + Kebab(parameter);
        if (command is not null && command.Options.Any(o => o.Name == kebab)) return kebab;
        if (Renamed.TryGetValue(parameter, out var flag)) return flag;
        // The question as a whole (nothing asked, or too much) is the verb's.
        if (parameter == "question" && command is not null) return command.Name;
        return command is null ? kebab : parameter;
    }

    /// <summary>A library message with every ‹parameter› reference shown as a flag.</summary>
    public string Expand(string text) => Units.ParameterRef.Expand(text, Name);

    private static string Kebab(string camel)
    {
        var b = new StringBuilder();
        foreach (var c in camel)
        {
            if (char.IsUpper(c)) b.Append('-').Append(char.ToLowerInvariant(c));
            else b.Append(c);
        }
        return b.ToString();
    }
}
