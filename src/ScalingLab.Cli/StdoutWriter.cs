using System.Text;

namespace ScalingLab.Cli;

/// <summary>
/// The process's standard output, with a write that fails (a full disk, /dev/full, a device
/// error) reported as <see cref="StdoutFailedException"/>, so the command ends with one line
/// saying the output could not be written instead of an internal error.
/// </summary>
internal sealed class StdoutWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;
    public override IFormatProvider FormatProvider => inner.FormatProvider;
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine { get => inner.NewLine; set => inner.NewLine = value; }

    public override void Write(char value) => Guard(() => inner.Write(value));
    public override void Write(string? value) => Guard(() => inner.Write(value));
    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));
    public override void Write(ReadOnlySpan<char> buffer) => Guard(buffer.ToString(), inner.Write);
    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));
    public override void WriteLine() => Guard(inner.WriteLine);
    public override void Flush() => Guard(inner.Flush);

    private static void Guard(Action write)
    {
        try { write(); }
        catch (IOException e) { throw new StdoutFailedException(e); }
    }

    private static void Guard(string text, Action<string> write) => Guard(() => write(text));
}

/// <summary>Standard output could not be written; <see cref="Exception.Message"/> says why, in the system's words.</summary>
public sealed class StdoutFailedException(IOException inner) : Exception(inner.Message.TrimEnd('.'), inner);
