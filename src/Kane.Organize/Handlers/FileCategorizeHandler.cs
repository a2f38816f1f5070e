using System.Collections.Concurrent;
using System.Globalization;
using Kane.Actors;
using Kane.Organize.Hashing;
using Kane.Organize.Signatures;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>file-categorize</c>: over a range of catalog ids, reads each file's first 4 KiB and records its category and
/// format (<see cref="FileClassifier"/>: content signature first, then the extension). Files already categorised are
/// skipped; a file that cannot be read gets an error and is left alone.
/// </summary>
public sealed class FileCategorizeHandler : ITaskHandler
{
    public string TaskType => TaskTypes.FileCategorize;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var (low, high) = TaskInputs.Range(context);
        using var catalog = TaskInputs.OpenCatalog(context);
        var files = catalog.FilesById(low, high).Where(f => f.Category is null && f.Error is null).ToList();
        foreach (var f in files) context.ResolvePath(f.Path);
        var rows = new ConcurrentBag<(long, string, string)>();
        var errors = new ConcurrentBag<(long, string)>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = TaskInputs.Parallelism, CancellationToken = cancellationToken }, f =>
        {
            try
            {
                Span<byte> head = stackalloc byte[FileHashing.SampleLength];
                int length;
                using (var h = FileHashing.OpenRead(f.Path))
                    length = RandomAccess.Read(h, head, 0);
                var c = FileClassifier.Classify(head[..length], f.Path);
                rows.Add((f.Id, c.Category.FolderName(), c.Format));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add((f.Id, $"cannot read it to categorise: {e.Message}"));
            }
        });
        catalog.SetCategories(rows);
        catalog.SetErrors(errors);
        return ValueTask.FromResult(new TaskOutcome
        {
            Output = new Dictionary<string, string>
            {
                ["files"] = rows.Count.ToString(CultureInfo.InvariantCulture),
                ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture),
            },
        });
    }
}
