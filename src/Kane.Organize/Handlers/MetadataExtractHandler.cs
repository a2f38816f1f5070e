using System.Collections.Concurrent;
using System.Globalization;
using Kane.Actors;
using Kane.Organize.Metadata;
using Kane.Organize.Signatures;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>metadata-extract</c>: over a range of catalog ids (after their categorisation), records each file's date and
/// camera (<see cref="FileDates"/>: EXIF for images, else the local modification time). Files already dated are skipped.
/// </summary>
public sealed class MetadataExtractHandler : ITaskHandler
{
    public string TaskType => TaskTypes.MetadataExtract;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var (low, high) = TaskInputs.Range(context);
        using var catalog = TaskInputs.OpenCatalog(context);
        var files = catalog.FilesById(low, high).Where(f => f.Taken is null && f.Error is null).ToList();
        foreach (var f in files) context.ResolvePath(f.Path);
        var rows = new ConcurrentBag<(long, string, string?)>();
        var images = FileCategory.Images.FolderName();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = TaskInputs.Parallelism, CancellationToken = cancellationToken }, f =>
        {
            var (date, camera) = FileDates.Read(f.Path, f.Category == images, f.MtimeMs);
            rows.Add((f.Id, FileDates.ToText(date), camera));
        });
        catalog.SetMetadata(rows);
        return ValueTask.FromResult(new TaskOutcome
        {
            Output = new Dictionary<string, string> { ["files"] = rows.Count.ToString(CultureInfo.InvariantCulture) },
        });
    }
}
