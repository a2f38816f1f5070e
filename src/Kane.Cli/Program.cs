using Kane.Cli;

// Ctrl-C cancels the command (a stream ends cleanly, exit code 0); a second Ctrl-C kills the process as usual.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    cancel.Cancel();
};
return await KaneCli.RunAsync(args, Console.Out, Console.Error, cancel.Token);
