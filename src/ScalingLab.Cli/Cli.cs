using System.CommandLine;
using ScalingLab.Cli.Commands;
using ScalingLab.Training.Native;
using ScalingLab.Units;

namespace ScalingLab.Cli;

/// <summary>
/// The `scalinglab` command. Exit codes: 0 success, 2 bad input (one line naming the flag, the
/// value and what is allowed), 1 an internal error (one line; set SCALINGLAB_DEBUG=1 for the stack
/// trace), 75 stopped by a signal with its work checkpointed (rerun to resume), 130 stopped by a
/// signal before finishing.
/// </summary>
public static class Cli
{
    public const int BadInput = 2;
    public const int InternalError = 1;
    /// <summary>Stopped by SIGINT or SIGTERM with its work saved: run the same command again to resume (EX_TEMPFAIL).</summary>
    public const int Resumable = 75;
    /// <summary>Stopped by SIGINT or SIGTERM before finishing, with nothing written (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    // One line per verb: each command lives in its own file under Commands/.
    private static IEnumerable<Command> Verbs(CliContext ctx) =>
    [
        PlanCommand.Create(ctx),
        PredictCommand.Create(ctx),
        ModelCommand.Create(ctx),
        LawsCommand.Create(ctx),
        HardwareCommand.Create(ctx),
        MemoryCommand.Create(ctx),
        FitCommand.Create(ctx),
        DataCommand.Create(ctx),
        TrainCommand.Create(ctx),
        ExportCommand.Create(ctx),
        SweepCommand.Create(ctx),
    ];

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        using var ctx = new CliContext(stdout ?? Console.Out, stderr ?? Console.Error);
        var root = new RootCommand(
            "ScalingLab: how big a model, how many tokens, how long and what loss, from published or fitted scaling laws.");
        foreach (var verb in Verbs(ctx)) root.Add(verb);

        // No verb at all: show what there is rather than an error.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        var flags = ctx.Flags = new Flags(parse.CommandResult.Command);
        // Training and sweep runs checkpoint when stopped and exit 75 themselves; everything else is ended after the grace.
        if (parse.CommandResult.Command.Name is "train" or "run") ctx.StopGrace = null;
        if (parse.Errors.Count > 0)
        {
            ctx.Err.WriteLine("error: " + ParseErrors.Describe(parse));
            return BadInput;
        }
        if (ParseErrors.OptionTakenAsArgument(parse) is { } unknown)
        {
            ctx.Err.WriteLine("error: " + unknown);
            return BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = ctx.Out,
                Error = ctx.Err,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (InputException e)
        {
            ctx.Err.WriteLine("error: " + e.Describe(flags.Name));
            return BadInput;
        }
        catch (OperationCanceledException) when (ctx.Cancellation.IsCancellationRequested)
        {
            ctx.Err.WriteLine($"interrupted by {ctx.Signal}: stopped before finishing; nothing was written");
            return Interrupted;
        }
        catch (NonFiniteResultException e)
        {
            ctx.Err.WriteLine("error: " + e.Message);
            return BadInput;
        }
        catch (StdoutFailedException e)
        {
            // Not a bug and not bad input: where the output goes cannot take it (a full disk, /dev/full).
            ctx.Err.WriteLine($"error: could not write the output to standard output ({e.Message}); nothing more was written");
            return InternalError;
        }
        catch (TorchUnavailableException e)
        {
            // Not a bug and not bad input: the machine lacks what LibTorch needs; say what and how to fix it.
            ctx.Err.WriteLine("error: " + e.Message);
            return InternalError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("SCALINGLAB_DEBUG") != "1")
        {
            ctx.Err.WriteLine($"internal error: {e.GetType().Name}: {e.Message} (set SCALINGLAB_DEBUG=1 for details)");
            return InternalError;
        }
    }
}
