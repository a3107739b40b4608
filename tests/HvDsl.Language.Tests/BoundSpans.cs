using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Text;

namespace HvDsl.Language.Tests;

/// <summary>Where a model's declarations lie, to prove that no declaration holding an error was bound.</summary>
internal static class BoundSpans
{
    public static IEnumerable<SourceSpan> Of(BoundModel model) =>
        model.Devices.Select(d => d.Span).Concat(model.TrapTables.Select(t => t.Span)).Concat(model.CpuidTables.Select(t => t.Span))
            .Concat(model.MsrTables.Select(t => t.Span)).Concat(model.HypercallTables.Select(t => t.Span))
            .Concat(model.Services.Select(s => s.Span)).Concat(model.Machines.Select(m => m.Span));

    /// <summary>The bound declarations an error of <paramref name="result"/> lies in; empty when the model is sound.</summary>
    public static IEnumerable<SourceSpan> HoldingErrors(CompilationResult result) =>
        Of(result.Model).Where(s => result.Diagnostics.Any(d =>
            d.Severity == DiagnosticSeverity.Error && d.Span.Path == s.Path && d.Span.Start >= s.Start && d.Span.Start < s.Start + s.Length));
}
