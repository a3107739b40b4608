using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RoslynDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using RoslynDiagnostic = Microsoft.CodeAnalysis.Diagnostic;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;
using SpecDiagnostic = HvDsl.Language.Diagnostics.Diagnostic;
using SpecSeverity = HvDsl.Language.Diagnostics.DiagnosticSeverity;

namespace HvDsl.Generators;

/// <summary>Turns the language's diagnostics into compiler diagnostics located in the <c>.hvspec</c> file, one descriptor per HV id.</summary>
internal static class SpecDiagnostics
{
    /// <summary>The category of every HvDsl diagnostic.</summary>
    public const string Category = "HvDsl";

    /// <summary>One Roslyn descriptor per catalog id, plus HV9999 for internal failures.</summary>
    public static IReadOnlyDictionary<string, RoslynDescriptor> Descriptors { get; } =
        HvDsl.Language.Diagnostics.DiagnosticDescriptors.All
            .Select(d => Describe(d.Id, d.Title, d.Severity))
            .Append(Describe(InternalError.Id, "Internal error", SpecSeverity.Error))
            .ToDictionary(d => d.Id);

    /// <summary>The compiler diagnostic for <paramref name="diagnostic"/>, located at its spec span.</summary>
    public static RoslynDiagnostic ToRoslyn(SpecDiagnostic diagnostic)
    {
        if (!Descriptors.TryGetValue(diagnostic.Id, out var descriptor)) descriptor = Descriptors[InternalError.Id];
        return RoslynDiagnostic.Create(descriptor, Locate(diagnostic.Span), diagnostic.Message);
    }

    private static Location Locate(SourceSpan span)
    {
        if (span.Path.Length == 0) return Location.None;
        // SourceSpan lines and columns are 1-based; Roslyn's are 0-based.
        var lines = new LinePositionSpan(
            new LinePosition(span.StartLine - 1, span.StartColumn - 1), new LinePosition(span.EndLine - 1, span.EndColumn - 1));
        return Location.Create(span.Path, new TextSpan(span.Start, span.Length), lines);
    }

    private static RoslynDescriptor Describe(string id, string title, SpecSeverity severity) =>
        new(id, title, "{0}", Category,
            severity == SpecSeverity.Error ? RoslynSeverity.Error : RoslynSeverity.Warning,
            isEnabledByDefault: true, helpLinkUri: HvDsl.Language.Diagnostics.DiagnosticDescriptor.HelpLink(id));
}
