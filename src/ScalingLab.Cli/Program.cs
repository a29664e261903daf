return ScalingLab.Cli.Cli.Run(args);
