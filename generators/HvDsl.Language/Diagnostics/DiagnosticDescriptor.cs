namespace HvDsl.Language.Diagnostics;

/// <summary>One entry of the diagnostics catalog: a stable id, a severity and a message format.</summary>
/// <param name="Id">Stable id such as <c>HV0007</c>; never reused for another meaning.</param>
/// <param name="Title">Short name of the problem, used in documentation.</param>
/// <param name="Severity">How serious the problem is.</param>
/// <param name="MessageFormat">A <see cref="string.Format(string, object[])"/> format saying what is wrong and what to do.</param>
public sealed record DiagnosticDescriptor(string Id, string Title, DiagnosticSeverity Severity, string MessageFormat)
{
    /// <summary>Where the pages <c>docs/diagnostics/HVnnnn.md</c> are published; the one place to change if the repository moves.</summary>
    public const string HelpBase = "https://github.com/hvdsl/hvdsl/blob/main/docs/diagnostics/";

    /// <summary>The stable address of the page for <paramref name="id"/>: what it means, a wrong and a fixed example.</summary>
    public static string HelpLink(string id) => HelpBase + id + ".md";
}
