namespace ScalingLab.Training.Corpus;

/// <summary>How source files hold their text: plain UTF-8, or the Brown Corpus's word/TAG pairs.</summary>
public enum SourceFormat { Text, Brown }
