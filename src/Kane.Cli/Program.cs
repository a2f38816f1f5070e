using System.Runtime.InteropServices;
using Kane.Cli;

// Ctrl-C, SIGTERM and SIGHUP cancel the command (a stream ends cleanly, exit code 0; kane organize stops its job with
// every file consistent and removes a dry run's temporary folder); a second one ends the process as usual.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    cancel.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);
return await KaneCli.RunAsync(args, Console.Out, Console.Error, cancel.Token);

void Cancel(PosixSignalContext context)
{
    if (cancel.IsCancellationRequested) return;
    context.Cancel = true;
    cancel.Cancel();
}
