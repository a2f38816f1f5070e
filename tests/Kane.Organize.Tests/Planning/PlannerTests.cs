using Kane.Organize.Catalog;
using Kane.Organize.Layout;
using Kane.Organize.Planning;

namespace Kane.Organize.Tests.Planning;

public sealed class PlannerTests
{
    private const string Taken = "2021-05-06T10:00:00";

    private static CatalogFile F(long id, string path, string category = "images", long? dupOf = null, long size = 10) =>
        new(id, path, size, 0, 1, (ulong)id, null, dupOf, category, "jpeg", Taken, null, null, null, false, null);

    private static IReadOnlyList<PlannedFile> Plan(IReadOnlyList<CatalogFile> files, DuplicatePolicy policy = DuplicatePolicy.Move,
        ISet<string>? onDisk = null, Func<CatalogFile, string, bool>? same = null) =>
        Planner.Plan(files, "/dst", LayoutTemplate.Default, policy, p => onDisk?.Contains(p) ?? false, same ?? ((_, _) => false));

    [Fact]
    public void Files_go_to_their_category_and_date_folder()
    {
        var plan = Plan([F(1, "/src/a/IMG_1.jpg"), F(2, "/src/notes.txt", "documents")]);

        Assert.Equal(new PlannedFile(1, PlanActions.Move, "/dst/images/2021/05/IMG_1.jpg"), plan.Single(p => p.Id == 1));
        Assert.Equal(new PlannedFile(2, PlanActions.Move, "/dst/documents/2021/05/notes.txt"), plan.Single(p => p.Id == 2));
    }

    [Fact]
    public void Different_files_with_one_target_get_numbered_names_in_path_order()
    {
        var plan = Plan([F(2, "/src/b/x.jpg"), F(1, "/src/a/x.jpg"), F(3, "/src/c/x.jpg")]);

        Assert.Equal("/dst/images/2021/05/x.jpg", plan.Single(p => p.Id == 1).Target);
        Assert.Equal("/dst/images/2021/05/x (1).jpg", plan.Single(p => p.Id == 2).Target);
        Assert.Equal("/dst/images/2021/05/x (2).jpg", plan.Single(p => p.Id == 3).Target);
    }

    [Fact]
    public void A_different_file_already_at_the_target_is_never_planned_over()
    {
        var plan = Plan([F(1, "/src/x.jpg")], onDisk: new HashSet<string> { "/dst/images/2021/05/x.jpg" });

        Assert.Equal("/dst/images/2021/05/x (1).jpg", Assert.Single(plan).Target);
    }

    [Fact]
    public void The_same_content_already_at_the_target_makes_the_file_a_duplicate_of_it()
    {
        var onDisk = new HashSet<string> { "/dst/images/2021/05/x.jpg" };

        Assert.Equal(new PlannedFile(1, PlanActions.MoveDuplicate, "/dst/duplicates/images/2021/05/x.jpg"), Assert.Single(Plan([F(1, "/src/x.jpg")], onDisk: onDisk, same: (_, _) => true)));
        Assert.Equal(new PlannedFile(1, PlanActions.Skip, null), Assert.Single(Plan([F(1, "/src/x.jpg")], DuplicatePolicy.Skip, onDisk, (_, _) => true)));
        Assert.Equal(new PlannedFile(1, PlanActions.Link, "/dst/images/2021/05/x.jpg"), Assert.Single(Plan([F(1, "/src/x.jpg")], DuplicatePolicy.Link, onDisk, (_, _) => true)));
    }

    [Theory]
    [InlineData(DuplicatePolicy.Move, PlanActions.MoveDuplicate, "/dst/duplicates/images/2021/05/copy.jpg")]
    [InlineData(DuplicatePolicy.Skip, PlanActions.Skip, null)]
    [InlineData(DuplicatePolicy.Delete, PlanActions.Delete, "/dst/images/2021/05/orig.jpg")]
    [InlineData(DuplicatePolicy.Link, PlanActions.Link, "/dst/images/2021/05/orig.jpg")]
    public void Duplicates_follow_the_policy_and_the_original_is_organised(DuplicatePolicy policy, string action, string? target)
    {
        var plan = Plan([F(1, "/src/orig.jpg"), F(2, "/src/copy.jpg", dupOf: 1)], policy);

        Assert.Equal(new PlannedFile(1, PlanActions.Move, "/dst/images/2021/05/orig.jpg"), plan.Single(p => p.Id == 1));
        Assert.Equal(new PlannedFile(2, action, target), plan.Single(p => p.Id == 2));
    }

    [Fact]
    public void A_file_already_where_the_layout_puts_it_stays_and_keeps_its_name()
    {
        var plan = Plan([F(1, "/dst/images/2021/05/x.jpg"), F(2, "/src/x.jpg")]);

        Assert.Equal(new PlannedFile(1, PlanActions.InPlace, "/dst/images/2021/05/x.jpg"), plan.Single(p => p.Id == 1));
        Assert.Equal("/dst/images/2021/05/x (1).jpg", plan.Single(p => p.Id == 2).Target);
    }

    [Fact]
    public void Files_with_errors_are_left_out_of_the_plan()
    {
        var plan = Plan([F(1, "/src/x.jpg") with { Error = "cannot read" }, F(2, "/src/y.jpg")]);

        Assert.Equal([2L], plan.Select(p => p.Id));
    }

    [Fact]
    public void The_plan_is_the_same_whatever_order_the_catalog_lists_files_in()
    {
        var files = Enumerable.Range(1, 30).Select(i => F(i, $"/src/d{i:D2}/n{i % 3}.jpg", dupOf: i > 25 ? 1 : null)).ToList();

        var a = Plan(files);
        var b = Plan([.. Enumerable.Reverse(files)]);

        Assert.Equal(a.OrderBy(p => p.Id), b.OrderBy(p => p.Id));
        Assert.Equal(a.Count(p => p.Target is not null), a.Where(p => p.Target is not null).Select(p => p.Target).Distinct().Count());
    }
}
