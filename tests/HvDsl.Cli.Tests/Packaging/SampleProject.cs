using System.Linq;
using System.Xml.Linq;

namespace HvDsl.Cli.Tests.Packaging;

/// <summary>A sample's project file rewritten for a user's machine: the repository's imports and project references become the packages.</summary>
internal static class SampleProject
{
    private static readonly (string Project, string Package)[] Packages =
    [
        ("HvDsl.Generators.csproj", "HvDsl"),
        ("HvDsl.Machines.Pc.csproj", "HvDsl.Machines.Pc"),
        ("HvDsl.Runtime.csproj", "HvDsl.Runtime"),
        ("HvDsl.Testing.csproj", "HvDsl.Testing"),
    ];

    /// <summary>The project text with every <c>Import</c> of the repository's build files dropped (the HvDsl package brings them) and each project reference replaced by its package at <paramref name="version"/>.</summary>
    public static string WithPackages(string project, string version)
    {
        var document = XDocument.Parse(project);
        document.Descendants("Import").Remove();
        foreach (var reference in document.Descendants("ProjectReference").ToList())
        {
            var include = (string)reference.Attribute("Include")!;
            var package = Packages.Single(p => include.EndsWith(p.Project, System.StringComparison.Ordinal)).Package;
            reference.ReplaceWith(new XElement("PackageReference", new XAttribute("Include", package), new XAttribute("Version", version)));
        }
        return document.ToString();
    }
}
