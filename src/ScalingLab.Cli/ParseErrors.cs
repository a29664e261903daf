using System.CommandLine;

namespace ScalingLab.Cli;

/// <summary>
/// The one line shown for a command line that did not parse: our own option errors as they are,
/// an unknown option with the nearest real one ("--budjet": did you mean --budget?), an unknown
/// verb with the nearest verb.
/// </summary>
public static class ParseErrors
{
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var help = $"(see scalinglab {CommandPath(command)}--help)".Replace("  ", " ");
        foreach (var token in parse.UnmatchedTokens)
        {
            if (token.StartsWith('-'))
            {
                var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--"));
                var nearest = Nearest(token.Split('=')[0], names);
                return $"unknown option '{token}'" + (nearest is null ? "" : $"; did you mean {nearest}?") + " " + help;
            }
            if (command.Subcommands.Count > 0 || command is RootCommand)
            {
                var nearest = Nearest(token, command.Subcommands.Select(c => c.Name));
                return $"unknown command '{token}'" + (nearest is null ? "" : $"; did you mean {nearest}?") + " " + help;
            }
            return $"unexpected argument '{token}' " + help;
        }
        // Our own option errors already name the flag, the value and what is allowed.
        var first = parse.Errors[0].Message;
        return first.EndsWith('.') ? first[..^1] : first;
    }

    /// <summary>
    /// An option typed wrong that the parser took for a file argument (`data prepare in.txt
    /// --tokeniser gpt2`, `fit runs.csv --boostrap 10`): a word starting with "--" given to an
    /// argument, naming no existing file or folder, is reported as an unknown option with the
    /// nearest real one. Null when there is none.
    /// </summary>
    public static string? OptionTakenAsArgument(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        foreach (var argument in parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>())
            foreach (var token in argument.Tokens.Select(t => t.Value))
            {
                if (!token.StartsWith("--") || token.Length < 3 || File.Exists(token) || Directory.Exists(token)) continue;
                var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--"));
                var nearest = Nearest(token.Split('=')[0], names);
                var help = $"(see scalinglab {CommandPath(command)}--help)".Replace("  ", " ");
                return $"unknown option '{token}'" + (nearest is null ? "" : $"; did you mean {nearest}?") + " " + help;
            }
        return null;
    }

    private static string CommandPath(Command c)
    {
        var names = new List<string>();
        for (Symbol? s = c; s is Command cmd && cmd is not RootCommand; s = s.Parents.FirstOrDefault()) names.Insert(0, cmd.Name);
        return names.Count == 0 ? "" : string.Join(" ", names) + " ";
    }

    /// <summary>The candidate within edit distance 2 (or sharing a long prefix), closest first; null if none is close.</summary>
    private static string? Nearest(string token, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: Distance(token, c))).OrderBy(x => x.d).FirstOrDefault();
        return best.c is not null && best.d <= Math.Max(2, token.Length / 4) ? best.c : null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
