using System.Text;
using Kane.Organize.Layout;
using Kane.Organize.Signatures;

namespace Kane.Organize.Tests.Layout;

public sealed class LayoutTemplateTests
{
    private static readonly DateTime March7 = new(2024, 3, 7, 14, 30, 0, DateTimeKind.Local);

    private static string Render(string fileName, string template = LayoutTemplate.DefaultText, FileCategory category = FileCategory.Images,
        long size = 2_000_000, string? camera = null) =>
        LayoutTemplate.Parse(template).Render(LayoutValues.ForFile(fileName, category, March7, size, camera));

    [Fact]
    public void Default_layout_is_category_year_month_and_the_file_name()
    {
        Assert.Equal("images/2024/03/IMG_0001.JPG", LayoutTemplate.Default.Render(LayoutValues.ForFile("/src/a/IMG_0001.JPG", FileCategory.Images, March7, 10)));
        Assert.Equal(LayoutTemplate.DefaultText, LayoutTemplate.Default.Text);
    }

    [Fact]
    public void Every_token_renders()
    {
        Assert.Equal("documents/2024-03-07/small/Canon EOS R5/report.pdf",
            Render("report.pdf", "{category}/{yyyy}-{MM}-{dd}/{sizeclass}/{camera}/{name}{ext}", FileCategory.Documents, 2_000_000, "Canon EOS R5"));
        Assert.Equal("unknown/x.bin", Render("x.bin", "{camera}/{name}{ext}"));
    }

    [Theory]
    [InlineData(0, "tiny")]
    [InlineData(99_999, "tiny")]
    [InlineData(100_000, "small")]
    [InlineData(9_999_999, "small")]
    [InlineData(10_000_000, "medium")]
    [InlineData(999_999_999, "medium")]
    [InlineData(1_000_000_000, "large")]
    [InlineData(10_000_000_000, "large")]
    public void Size_classes_have_decimal_bounds(long size, string expected) =>
        Assert.Equal($"{expected}/a.txt", Render("a.txt", "{sizeclass}/{name}{ext}", size: size));

    [Theory]
    [InlineData("my holiday photo.jpg", "images/2024/03/my holiday photo.jpg")]
    [InlineData("  padded name  .jpg", "images/2024/03/padded name.jpg")]
    [InlineData("it's \"quoted\".jpg", "images/2024/03/it's \"quoted\".jpg")]
    [InlineData("-rf.jpg", "images/2024/03/-rf.jpg")]
    [InlineData("--help", "images/2024/03/--help")]
    [InlineData("line\nbreak.jpg", "images/2024/03/line_break.jpg")]
    [InlineData("tab\there\r.jpg", "images/2024/03/tab_here_.jpg")]
    [InlineData("back\\slash.jpg", "images/2024/03/back_slash.jpg")]
    [InlineData(".bashrc", "images/2024/03/.bashrc")]
    [InlineData("archive.tar.gz", "images/2024/03/archive.tar.gz")]
    [InlineData("Ünïcødé 写真 🎉.jpg", "images/2024/03/Ünïcødé 写真 🎉.jpg")]
    [InlineData("...", "images/2024/03/unknown")]
    [InlineData("...jpg", "images/2024/03/unknown.jpg")]
    [InlineData("   .jpg", "images/2024/03/unknown.jpg")]
    [InlineData("\u0001\u0002", "images/2024/03/__")]
    public void Awkward_file_names_are_kept_where_safe_and_sanitised_where_not(string fileName, string expected) =>
        Assert.Equal(expected, Render(fileName));

    [Theory]
    [InlineData("../../etc", ".._.._etc")] // one harmless segment: separators replaced, no segment is ".."
    [InlineData("..", "unknown")]
    [InlineData("a/b", "a_b")]
    [InlineData("/abs", "_abs")]
    [InlineData("Nikon\nD850", "Nikon_D850")]
    [InlineData("", "unknown")]
    [InlineData("   ", "unknown")]
    public void A_token_value_never_escapes_its_segment(string camera, string expected) =>
        Assert.Equal($"images/{expected}/f.jpg", Render("f.jpg", "{category}/{camera}/{name}{ext}", camera: camera));

    [Fact]
    public void A_dot_dot_name_value_cannot_climb_out()
    {
        // Values are raw: a caller passing '..' as the name still gets a safe segment.
        var rendered = LayoutTemplate.Default.Render(new LayoutValues(FileCategory.Other, March7, "..", "", 1));
        Assert.Equal("other/2024/03/unknown", rendered);
        Assert.DoesNotContain(rendered.Split('/'), s => s is "." or "..");
    }

    [Fact]
    public void A_255_byte_name_fits_and_a_longer_one_is_cut_in_the_stem_keeping_the_extension()
    {
        var exactly255 = new string('a', 251) + ".jpg";
        Assert.Equal("images/2024/03/" + exactly255, Render(exactly255));
        var rendered = Render(new string('b', 300) + ".jpeg").Split('/')[^1];
        Assert.Equal(new string('b', 250) + ".jpeg", rendered);
    }

    [Fact]
    public void Truncation_never_splits_a_character()
    {
        // 3-byte CJK and 4-byte emoji: 255 is not a multiple of either width once the extension is counted.
        foreach (var unit in new[] { "写", "🎉", "é" })
        {
            var name = string.Concat(Enumerable.Repeat(unit, 200)) + ".png";
            var segment = Render(name).Split('/')[^1];
            var bytes = Encoding.UTF8.GetByteCount(segment);
            Assert.InRange(bytes, 255 - 3, 255);
            Assert.EndsWith(".png", segment);
            var roundTrip = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(segment));
            Assert.Equal(segment, roundTrip);
            Assert.DoesNotContain('\uFFFD', segment);
        }
    }

    [Fact]
    public void Segments_without_the_name_are_cut_at_255_bytes_too()
    {
        var camera = new string('c', 400);
        var segments = Render("x.jpg", "{camera}/{name}{ext}", camera: camera).Split('/');
        Assert.Equal(255, Encoding.UTF8.GetByteCount(segments[0]));
        Assert.Equal("x.jpg", segments[1]);
    }

    [Fact]
    public void An_unpaired_surrogate_becomes_the_replacement_character()
    {
        var segment = Render("bad\uD800name.jpg").Split('/')[^1];
        Assert.Equal("bad\uFFFDname.jpg", segment);
    }

    [Theory]
    [InlineData("{category}/{year}/{name}{ext}", "unknown token '{year}'", 11)]
    [InlineData("{category}/{mm}/{name}{ext}", "did you mean {MM}?", 11)]
    [InlineData("{category}/{}/{name}{ext}", "empty token '{}'", 11)]
    [InlineData("{category/{name}{ext}", "'{' is not closed before '/'", 0)]
    [InlineData("{category}/{name}{ext", "'{' is never closed", 17)]
    [InlineData("{category}}/{name}{ext}", "'}' without a matching '{'", 10)]
    [InlineData("{cat{egory}/{name}", "'{' is not closed before '{'", 0)]
    [InlineData("/{category}/{name}{ext}", "must be a relative path", 0)]
    [InlineData("{category}//{name}{ext}", "empty folder name", 11)]
    [InlineData("{category}/{name}{ext}/", "empty folder name", 23)]
    [InlineData("{category}/../{name}{ext}", "'..' would leave the target folder", 11)]
    [InlineData("./{name}{ext}", "'.' would leave the target folder", 0)]
    [InlineData("{category}\\{name}{ext}", "separate folders with '/'", 10)]
    [InlineData("{category}/photo.jpg", "the file name (last segment) has no token", 11)]
    [InlineData("", "the template is empty", 0)]
    public void Bad_templates_are_rejected_saying_what_and_where(string template, string problem, int position)
    {
        var error = Assert.Throws<LayoutTemplateException>(() => LayoutTemplate.Parse(template));
        Assert.Contains(problem, error.Message);
        Assert.Equal(position, error.Position);
        Assert.Contains($"at character {position + 1}", error.Message);
    }

    [Fact]
    public void An_unknown_token_error_lists_the_valid_tokens()
    {
        var error = Assert.Throws<LayoutTemplateException>(() => LayoutTemplate.Parse("{kind}/{name}{ext}"));
        foreach (var token in LayoutTemplate.ValidTokens)
            Assert.Contains(token, error.Message);
        Assert.Equal(8, LayoutTemplate.ValidTokens.Count);
    }

    [Fact]
    public void A_folder_token_with_an_empty_value_renders_as_unknown() =>
        Assert.Equal("unknown/README", Render("README", "{ext}/{name}{ext}"));

    [Fact]
    public void Whatever_the_values_hold_every_rendered_segment_is_a_safe_file_name()
    {
        var random = new Random(5);
        var alphabet = new[] { "a", "Z", "0", " ", ".", "..", "/", "\\", "\n", "\r", "\t", "\0", "\u001b", "\u007f", "\u0085", "\u2028",
            "-", "'", "\"", "{", "}", "é", "写", "🎉", "\uD800", "\uDC00", "~", "$", "*" };
        var template = LayoutTemplate.Parse("{category}/{camera}/{yyyy}-{MM}/{name}{ext}");
        for (var trial = 0; trial < 5000; trial++)
        {
            string Noise(int max) => string.Concat(Enumerable.Range(0, random.Next(max)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            var values = new LayoutValues(FileCategory.Audio, March7, Noise(trial % 10 == 0 ? 200 : 12), Noise(4), random.Next(), Noise(trial % 7 == 0 ? 150 : 8));
            var segments = template.Render(values).Split('/');
            Assert.Equal(4, segments.Length);
            foreach (var segment in segments)
            {
                Assert.False(segment.Trim().Length == 0 || segment is "." or "..", $"unsafe segment '{segment}' from {values}");
                Assert.InRange(Encoding.UTF8.GetByteCount(segment), 1, FileNames.MaxSegmentBytes);
                Assert.DoesNotContain(segment, c => char.IsControl(c) || c is '\\' or '\u2028');
                // Well-formed UTF-16 (no lone surrogate), so the name the file system receives is what we rendered.
                new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(segment);
            }
        }
    }

    [Fact]
    public void Literal_text_around_tokens_is_kept()
    {
        Assert.Equal("by-year/2024/photo-2024-03-07_IMG.jpg", Render("IMG.jpg", "by-year/{yyyy}/photo-{yyyy}-{MM}-{dd}_{name}{ext}"));
    }
}
