using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Diagnostics;

namespace HvDsl.Language;

/// <summary>The outcome of compiling a set of spec files.</summary>
/// <param name="Model">What the valid declarations declare; those with errors are only in <see cref="BoundModel.Broken"/>.</param>
/// <param name="Diagnostics">Every problem, in file order then position.</param>
/// <param name="FileCount">How many files were compiled.</param>
public sealed record CompilationResult(BoundModel Model, ImmutableList<Diagnostic> Diagnostics, int FileCount)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool Success => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}
