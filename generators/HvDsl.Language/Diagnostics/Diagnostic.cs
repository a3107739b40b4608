using System.Globalization;
using HvDsl.Language.Text;

namespace HvDsl.Language.Diagnostics;

/// <summary>A located problem in a spec.</summary>
/// <param name="Id">The catalog id, e.g. <c>HV0007</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Span">Where in which file.</param>
public sealed record Diagnostic(string Id, DiagnosticSeverity Severity, string Message, SourceSpan Span)
{
    /// <summary>Builds a diagnostic from a catalog entry and the format arguments; text arguments are escaped so the message stays one line.</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, SourceSpan span, params object[] arguments)
    {
        var shown = System.Array.ConvertAll(arguments, a => a is string text ? VisibleText.Escape(text) : a);
        return new(descriptor.Id, descriptor.Severity, string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, shown), span);
    }

    /// <summary>The compiler format <c>path(line,col): error HV0007: message</c>.</summary>
    public override string ToString() =>
        $"{VisibleText.Escape(Span.Path)}({Span.StartLine},{Span.StartColumn}): {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Id}: {Message}";
}
