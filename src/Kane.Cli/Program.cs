using Kane.Cli;

return KaneCli.Run(args, Console.Out, Console.Error);
