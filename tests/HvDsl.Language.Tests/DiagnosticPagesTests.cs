using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using HvDsl.Language.Diagnostics;

namespace HvDsl.Language.Tests;

/// <summary>Every diagnostic has its page in docs/diagnostics, and each page's examples do what the page says.</summary>
public class DiagnosticPagesTests
{
    private static readonly string Pages = Path.Combine(SpecLibrary.Root, "docs", "diagnostics");

    // Refusals of a whole file, not of its text, have no spec to show: ScalingTests proves each.
    private static readonly string[] FileRefusals = [DiagnosticDescriptors.FileTooLarge.Id, DiagnosticDescriptors.UnreadableFile.Id];

    private static readonly Regex Section = new(@"^## (Wrong|Fixed)\n+```hvspec\n(.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline);

    public static IEnumerable<object[]> Ids => DiagnosticDescriptors.All.Select(d => new object[] { d.Id });

    public static IEnumerable<object[]> IdsWithSpecExamples => Ids.Where(i => !FileRefusals.Contains((string)i[0]));

    private static string Example(string id, string section)
    {
        var page = File.ReadAllText(Path.Combine(Pages, id + ".md")).Replace("\r\n", "\n");
        var match = Section.Matches(page).Cast<Match>().FirstOrDefault(m => m.Groups[1].Value == section);
        Assert.True(match is not null, $"{id}.md has no '## {section}' section opening with an hvspec block");
        return match!.Groups[2].Value;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_has_a_page_headed_by_its_id_and_title(string id)
    {
        var path = Path.Combine(Pages, id + ".md");

        Assert.True(File.Exists(path), $"docs/diagnostics/{id}.md is missing");
        var title = DiagnosticDescriptors.All.Single(d => d.Id == id).Title;
        Assert.Equal($"# {id}: {title}", File.ReadLines(path).First());
    }

    [Theory]
    [MemberData(nameof(IdsWithSpecExamples))]
    public void Wrong_example_of_a_page_produces_its_id_and_the_fixed_one_nothing(string id)
    {
        var wrong = SpecCompiler.Compile([("wrong.hvspec", Example(id, "Wrong"))]);
        var fixedOne = SpecCompiler.Compile([("fixed.hvspec", Example(id, "Fixed"))]);

        Assert.Contains(wrong.Diagnostics, d => d.Id == id);
        Assert.Empty(fixedOne.Diagnostics);
    }

    [Fact]
    public void Every_page_belongs_to_a_diagnostic()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).Append("HV9999").ToHashSet();

        Assert.All(Directory.GetFiles(Pages, "*.md"), page => Assert.Contains(Path.GetFileNameWithoutExtension(page), ids));
    }
}
