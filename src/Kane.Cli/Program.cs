using Kane.Cli;

return await KaneCli.RunAsync(args, Console.Out, Console.Error);
