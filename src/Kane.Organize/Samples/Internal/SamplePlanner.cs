using System.Globalization;

namespace Kane.Organize.Samples.Internal;

/// <summary>
/// Decides, from the options and seed alone, every folder and file of a sample tree: kind, name, size, dates,
/// duplicates (copies in other folders or beside the original, some as hard links), empty files and misleading
/// extensions. Pure and sequential; the writer then works in parallel from the plan.
/// </summary>
internal static class SamplePlanner
{
    private static readonly (SampleKind Kind, double Weight, double SizeFactor)[] Kinds =
    [
        (SampleKind.Jpeg, 0.30, 1.5),
        (SampleKind.Png, 0.10, 1.0),
        (SampleKind.Mp3, 0.08, 3.0),
        (SampleKind.Mp4, 0.05, 8.0),
        (SampleKind.Pdf, 0.10, 1.0),
        (SampleKind.Text, 0.12, 0.2),
        (SampleKind.Code, 0.15, 0.1),
        (SampleKind.Zip, 0.05, 2.0),
        (SampleKind.Binary, 0.05, 1.0),
    ];

    private static readonly string[] TopFolders =
        ["Photos", "Pictures", "Documents", "Music", "Videos", "Downloads", "Desktop", "Projects", "Backup", "Old Phone", "Camera Uploads", "misc"];

    private static readonly string[] Cameras =
        ["Canon EOS 5D Mark IV", "NIKON D750", "Apple iPhone 12", "SONY ILCE-7M3", "FUJIFILM X-T3", "samsung SM-G991B", "Google Pixel 6"];

    private static readonly string[] Unicode = ["Café", "Zürich", "東京", "Ærø", "naïve", "São Paulo"];

    private static readonly DateTime Epoch = new(2005, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static (IReadOnlyList<string> Folders, IReadOnlyList<SampleFile> Files) Plan(SampleTreeOptions options)
    {
        var random = new SampleRandom((ulong)options.Seed, 1);
        var folders = PlanFolders(options, ref random);
        var weightedFactor = Kinds.Sum(k => k.Weight * k.SizeFactor);
        var median = options.MeanFileBytes / (Math.Exp(options.SizeSpread * options.SizeSpread / 2) * weightedFactor);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<SampleFile>(options.Files);
        var originals = new List<int>();
        for (var i = 0; i < options.Files; i++)
        {
            SampleFile file;
            if (originals.Count > 0 && random.Chance(options.DuplicateFraction))
            {
                var originalIndex = originals[random.Next(originals.Count)];
                var original = files[originalIndex];
                var hardLink = random.Chance(options.HardLinkFraction);
                var path = DuplicatePath(original.RelativePath, folders, ref random);
                file = original with
                {
                    RelativePath = Unique(path, taken),
                    DuplicateOf = originalIndex,
                    HardLink = hardLink,
                    WrongExtension = false,
                    Modified = hardLink ? original.Modified : original.Modified.AddDays(random.Next(1, 900)),
                };
            }
            else if (random.Chance(options.EmptyFraction))
            {
                var folder = random.Pick(folders);
                var name = random.Next(3) switch { 0 => $"empty-{i}.txt", 1 => $"placeholder-{i}", _ => $".keep-{i}" };
                var date = RandomDate(ref random);
                file = new SampleFile(Unique(Join(folder, name), taken), SampleKind.Binary, 0, date, "", "", random.NextUInt64());
            }
            else
            {
                var (kind, factor) = PickKind(ref random);
                var size = (long)Math.Round(median * factor * Math.Exp(options.SizeSpread * random.NextGaussian()));
                size = Math.Clamp(size, SampleFormats.MinimumSize(kind), options.MaxFileBytes);
                var date = RandomDate(ref random);
                var camera = kind is SampleKind.Jpeg ? random.Pick(Cameras) : kind is SampleKind.Mp3 ? Title(ref random) : "";
                var wrong = kind is not (SampleKind.Text or SampleKind.Code or SampleKind.Binary) && random.Chance(options.WrongExtensionFraction);
                var name = Name(kind, i, date, wrong, ref random);
                file = new SampleFile(Unique(Join(random.Pick(folders), name), taken), kind, size, date, camera, Title(ref random), random.NextUInt64())
                {
                    WrongExtension = wrong,
                    Modified = kind is SampleKind.Jpeg or SampleKind.Mp4 ? date.AddDays(random.Next(0, 400)).AddSeconds(random.Next(86_400)) : date,
                };
                originals.Add(i);
            }
            files.Add(file);
        }
        return (folders, files);
    }

    private static List<string> PlanFolders(SampleTreeOptions options, ref SampleRandom random)
    {
        var count = Math.Max(1, options.Files / options.FilesPerFolder);
        var folders = new List<string>(count);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; folders.Count < count && i < count * 4; i++)
        {
            string path;
            if (folders.Count < TopFolders.Length && folders.Count < count)
            {
                path = TopFolders[folders.Count];
            }
            else
            {
                var parent = random.Pick(folders);
                if (depth[parent] >= 5)
                    continue;
                var words = SampleFormats.WordList;
                var name = random.Next(5) switch
                {
                    0 => (2005 + random.Next(20)).ToString(CultureInfo.InvariantCulture),
                    1 => $"{Capital(random.Pick(words))} {random.Pick(words)}",
                    2 => $"{random.Pick(words)}-{random.Next(100)}",
                    3 => random.Chance(0.3) ? random.Pick(Unicode) : Capital(random.Pick(words)),
                    _ => $"{Capital(random.Pick(words))} {2005 + random.Next(20)}",
                };
                path = parent + "/" + name;
            }
            if (!seen.Add(path))
                continue;
            depth[path] = path.Count(c => c == '/') + 1;
            folders.Add(path);
        }
        return folders;
    }

    private static (SampleKind Kind, double Factor) PickKind(ref SampleRandom random)
    {
        var x = random.NextDouble() * Kinds.Sum(k => k.Weight);
        foreach (var (kind, weight, factor) in Kinds)
        {
            if ((x -= weight) < 0)
                return (kind, factor);
        }
        return (Kinds[^1].Kind, Kinds[^1].SizeFactor);
    }

    private static string Name(SampleKind kind, int n, DateTime date, bool wrongExtension, ref SampleRandom random)
    {
        var words = SampleFormats.WordList;
        var w = random.Pick(words);
        var c = CultureInfo.InvariantCulture;
        var (stem, extension) = kind switch
        {
            SampleKind.Jpeg => random.Next(4) switch
            {
                0 => ($"IMG_{n % 10000:D4}", ".JPG"),
                1 => ($"DSC{n % 100000:D5}", ".jpg"),
                2 => ($"{w}-{n}", ".jpeg"),
                _ => ("PXL_" + date.ToString("yyyyMMdd_HHmmss", c), ".jpg"),
            },
            SampleKind.Png => random.Next(3) switch
            {
                0 => ($"Screenshot {date.ToString("yyyy-MM-dd", c)} at {date.ToString("HH.mm.ss", c)}", ".png"),
                1 => ($"diagram-{n}", ".png"),
                _ => ($"{w}_{n}", ".png"),
            },
            SampleKind.Mp3 => ($"{(n % 20) + 1:D2} - {Capital(w)} {Capital(random.Pick(words))}", ".mp3"),
            SampleKind.Mp4 => random.Next(3) switch
            {
                0 => ("VID_" + date.ToString("yyyyMMdd_HHmmss", c), ".mp4"),
                1 => ($"{w} {n}", ".mov"),
                _ => ($"clip{n}", ".m4v"),
            },
            SampleKind.Pdf => random.Next(3) switch
            {
                0 => ($"{Capital(w)} report {date.Year}", ".pdf"),
                1 => ($"invoice-{n}", ".pdf"),
                _ => ($"scan_{n % 10000:D4}", ".pdf"),
            },
            SampleKind.Text => random.Next(4) switch
            {
                0 => ($"notes-{n}", ".txt"),
                1 => ($"{w}", ".md"),
                2 => ($"{w}-{n}", ".log"),
                _ => ($"data-{n}", ".csv"),
            },
            SampleKind.Code => random.Next(5) switch
            {
                0 => ($"{w}_{n}", ".py"),
                1 => ($"{Capital(w)}{n}", ".cs"),
                2 => ($"{w}.{n}", ".js"),
                3 => ($"build-{n}", ".sh"),
                _ => ($"config-{n}", ".json"),
            },
            SampleKind.Zip => random.Next(2) == 0 ? ($"{w}-backup-{n}", ".zip") : ($"{Capital(w)} {date.Year}", ".zip"),
            _ => random.Next(3) switch { 0 => ($"data-{n}", ".bin"), 1 => ($"{w}", ".dat"), _ => ($"blob{n}", "") },
        };
        if (random.Chance(0.02))
            stem = random.Pick(Unicode) + " " + stem;
        if (wrongExtension)
        {
            extension = kind switch
            {
                SampleKind.Jpeg => random.Next(2) == 0 ? ".pdf" : ".txt",
                SampleKind.Png => ".doc",
                SampleKind.Mp3 => ".jpg",
                SampleKind.Mp4 => ".mp3",
                SampleKind.Pdf => ".png",
                _ => ".mp4",
            };
        }
        return stem + extension;
    }

    private static string DuplicatePath(string original, IReadOnlyList<string> folders, ref SampleRandom random)
    {
        var slash = original.LastIndexOf('/');
        var folder = original[..slash];
        var name = original[(slash + 1)..];
        if (random.Chance(0.7))
            return Join(random.Pick(folders), name);
        var dot = name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        return Join(folder, random.Next(3) switch
        {
            0 => $"{stem} (copy){extension}",
            1 => $"Copy of {name}",
            _ => $"{stem} - Copy{extension}",
        });
    }

    private static string Unique(string path, HashSet<string> taken)
    {
        if (taken.Add(path))
            return path;
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var dot = name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        for (var k = 1; ; k++)
        {
            var candidate = $"{path[..(slash + 1)]}{stem} ({k}){extension}";
            if (taken.Add(candidate))
                return candidate;
        }
    }

    private static DateTime RandomDate(ref SampleRandom random) => Epoch.AddSeconds(random.Next(0, 20 * 365 * 86_400 / 2) * 2L);

    private static string Title(ref SampleRandom random) =>
        $"{Capital(random.Pick(SampleFormats.WordList))} {random.Pick(SampleFormats.WordList)}";

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Join(string folder, string name) => folder + "/" + name;
}
