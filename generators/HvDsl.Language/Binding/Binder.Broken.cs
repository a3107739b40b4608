using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Binding;

/// <summary>Which declarations are broken: those holding an error, and those that use a broken or unparsed one.</summary>
internal sealed partial class Binder
{
    // Names of declarations whose text failed to parse: a reference to one is the parse error's consequence, not a new error.
    private readonly HashSet<string> unparsed = new(System.StringComparer.Ordinal);
    private readonly List<SourceSpan> usesUnparsed = [];
    private readonly IReadOnlyList<Diagnostic> syntaxErrors;

    /// <summary>Reports HV0017 for a missing setting, unless the declaration has a syntax error: the setting may be the member that failed.</summary>
    private void Missing(DeclarationSyntax declaration, string setting)
    {
        if (!syntaxErrors.Any(e => Inside(e.Span, declaration.Span)))
            Report(DiagnosticDescriptors.MissingSetting, declaration.Name.Span, declaration.Name.Text, setting);
    }

    /// <summary>Reports HV0004 for <paramref name="name"/> with the nearest of <paramref name="known"/>, unless it names a declaration that failed to parse.</summary>
    private void Unknown(NameSyntax name, string kind, IEnumerable<string> known)
    {
        if (unparsed.Contains(name.Text)) usesUnparsed.Add(name.Span);
        else Report(DiagnosticDescriptors.UnknownReference, name.Span, kind, name.Text, Spelling.DidYouMean(name.Text, known));
    }

    /// <summary>True when <paramref name="span"/> is the declaration its name resolves to, not a later duplicate.</summary>
    private bool IsFirst(SourceSpan span) => declarations.Values.Any(d => d.Span == span);

    private (HashSet<SourceSpan> Spans, HashSet<string> Names) BrokenDeclarations(List<DeclarationSyntax> declared)
    {
        var errors = syntaxErrors.Concat(diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Span).Concat(usesUnparsed).ToList();
        var spans = new HashSet<SourceSpan>();
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var declaration in declared.Where(d => errors.Any(e => Inside(e, d.Span))))
        {
            spans.Add(declaration.Span);
            if (declarations.TryGetValue(declaration.Name.Text, out var first) && first.Span == declaration.Span) names.Add(declaration.Name.Text);
        }
        return (spans, names);
    }

    private static bool Inside(SourceSpan inner, SourceSpan outer) =>
        inner.Path == outer.Path && inner.Start >= outer.Start && inner.Start < outer.Start + System.Math.Max(outer.Length, 1);

    private static IEnumerable<string?> TableNames(BoundTrapTable table) =>
        table.Rules.Select(r => r.Action).Append(table.Otherwise)
            .Where(a => a.Kind is TrapActionKind.Cpuid or TrapActionKind.Msrs or TrapActionKind.Hypercalls)
            .Select(a => a.Target);

    private static IEnumerable<string?> UsedNames(BoundMachine machine) =>
        machine.Devices.Select(p => (string?)p.Type).Concat(machine.Services).Append(machine.Traps).Append(machine.Hypercalls);
}
