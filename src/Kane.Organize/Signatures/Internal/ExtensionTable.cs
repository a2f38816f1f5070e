using static Kane.Organize.Signatures.FileCategory;

namespace Kane.Organize.Signatures.Internal;

/// <summary>Categories by lower-case extension (without the dot), and by a few well-known extension-less names.</summary>
internal static class ExtensionTable
{
    private static readonly Dictionary<string, FileCategory> ByExtension = Build();

    private static readonly Dictionary<string, FileCategory> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Makefile"] = Code,
        ["GNUmakefile"] = Code,
        ["Dockerfile"] = Code,
        ["Containerfile"] = Code,
        ["CMakeLists.txt"] = Code,
        ["Rakefile"] = Code,
        ["Gemfile"] = Code,
        ["Jenkinsfile"] = Code,
        ["Vagrantfile"] = Code,
    };

    public static FileCategory? Lookup(string fileName, string extension)
    {
        if (ByName.TryGetValue(fileName, out var byName))
            return byName;
        return extension.Length > 0 && ByExtension.TryGetValue(extension, out var category) ? category : null;
    }

    private static Dictionary<string, FileCategory> Build()
    {
        var table = new Dictionary<string, FileCategory>(StringComparer.Ordinal);
        void Add(FileCategory category, string extensions)
        {
            foreach (var extension in extensions.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                table.Add(extension, category);
        }
        Add(Images, "jpg jpeg jpe jfif png gif webp heic heif avif tif tiff bmp dib ico svg psd jxl jp2 "
            + "raw cr2 cr3 crw nef nrw arw srf sr2 dng orf rw2 raf pef srw x3f");
        Add(Videos, "mp4 m4v mov qt avi mkv webm wmv asf flv f4v mpg mpeg m2v m2ts mts vob 3gp 3g2 ogv mxf divx");
        Add(Audio, "mp3 mp2 mp1 flac ogg oga opus wav wave m4a m4b m4p aac wma aiff aif aifc alac ape wv mka mid midi amr");
        Add(Documents, "pdf doc docx docm dot dotx xls xlsx xlsm xlt ppt pptx pptm pps ppsx odt ods odp odg fodt rtf txt text md "
            + "markdown rst tex epub mobi azw3 djvu csv tsv pages numbers key xps oxps");
        Add(Archives, "zip gz tgz bz2 tbz tbz2 xz txz lz lzma lz4 zst tzst 7z rar tar cab iso dmg jar war apk deb rpm cpio ar z");
        Add(Code, "cs csx fs fsx vb c h cc cpp cxx hpp hh hxx m mm java kt kts scala groovy gradle go rs swift py pyw pyi rb php "
            + "pl pm lua r jl dart ex exs erl hs ml clj js mjs cjs ts tsx jsx vue svelte html htm css scss sass less "
            + "sh bash zsh fish ps1 psm1 bat cmd sql json jsonc yaml yml toml ini cfg conf xml xsd xsl "
            + "csproj fsproj vbproj sln slnx props targets cmake mk proto graphql ipynb asm s");
        return table;
    }
}
