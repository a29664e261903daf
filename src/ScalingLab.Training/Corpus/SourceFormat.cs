using ScalingLab.Units;

namespace ScalingLab.Training.Corpus;

/// <summary>How source files hold their text: plain UTF-8, or the Brown Corpus's word/TAG pairs.</summary>
public enum SourceFormat { Text, Brown }

public static class SourceFormats
{
    public static SourceFormat Parse(string text, string field = "format") => text.ToLowerInvariant() switch
    {
        "text" => SourceFormat.Text,
        "brown" => SourceFormat.Brown,
        _ => throw new InputException(field, text, "expected text or brown"),
    };
}
