using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Binding;

/// <summary>Resolves names across all files and checks meaning; declarations with errors contribute only their skeleton to the model.</summary>
internal sealed partial class Binder
{
    private readonly List<Diagnostic> diagnostics = [];
    private readonly Dictionary<string, DeclarationSyntax> declarations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BoundDevice> devices = new(StringComparer.Ordinal);

    private Binder(IReadOnlyList<Diagnostic> syntaxErrors)
    {
        this.syntaxErrors = syntaxErrors;
    }

    /// <summary>Binds <paramref name="files"/>; <paramref name="syntaxErrors"/> are the errors their parse recovered from.</summary>
    /// <remarks>A declaration with an error, or that uses one with an error, is left out of the model and kept in <see cref="BoundModel.Broken"/>.</remarks>
    public static (BoundModel Model, ImmutableList<Diagnostic> Diagnostics) Bind(IReadOnlyList<SpecFileSyntax> files, IReadOnlyList<Diagnostic> syntaxErrors)
    {
        var binder = new Binder(syntaxErrors);
        foreach (var name in files.SelectMany(f => f.Unparsed)) binder.unparsed.Add(name.Text);
        var declared = files.SelectMany(f => f.Declarations).ToList();
        foreach (var declaration in declared) binder.Declare(declaration);

        var boundDevices = declared.OfType<DeviceSyntax>().Select(binder.BindDevice).ToList();
        foreach (var device in boundDevices) binder.devices[device.Name] = binder.devices.TryGetValue(device.Name, out var first) ? first : device;
        var traps = declared.OfType<TrapsSyntax>().Select(binder.BindTraps).ToList();
        var cpuid = declared.OfType<CpuidSyntax>().Select(binder.BindCpuid).ToList();
        var msrs = declared.OfType<MsrsSyntax>().Select(binder.BindMsrs).ToList();
        var hypercalls = declared.OfType<HypercallsSyntax>().Select(binder.BindHypercalls).ToList();
        var services = declared.OfType<ServiceSyntax>().Select(binder.BindService).ToList();
        var machines = declared.OfType<MachineSyntax>().Select(binder.BindMachine).ToList();

        var broken = binder.BrokenDeclarations(declared);
        bool Uses(IEnumerable<string?> names) => names.Any(n => n is not null && (broken.Names.Contains(n) || binder.unparsed.Contains(n)));
        foreach (var table in traps.Where(t => Uses(TableNames(t)))) broken.Spans.Add(table.Span);
        foreach (var table in traps.Where(t => broken.Spans.Contains(t.Span))) broken.Names.Add(table.Name);
        foreach (var machine in machines.Where(m => Uses(UsedNames(m)))) broken.Spans.Add(machine.Span);

        (EquatableArray<T> Kept, EquatableArray<T> Broken) Split<T>(List<T> items, Func<T, SourceSpan> span) =>
            (items.Where(i => !broken.Spans.Contains(span(i))).ToEquatableArray(),
             items.Where(i => broken.Spans.Contains(span(i)) && binder.IsFirst(span(i))).ToEquatableArray());
        var d = Split(boundDevices, x => x.Span);
        var t = Split(traps, x => x.Span);
        var c = Split(cpuid, x => x.Span);
        var m = Split(msrs, x => x.Span);
        var h = Split(hypercalls, x => x.Span);
        var s = Split(services, x => x.Span);
        var n = Split(machines, x => x.Span);
        var model = new BoundModel(d.Kept, t.Kept, c.Kept, m.Kept, h.Kept, s.Kept, n.Kept)
        {
            Broken = new BoundModel(d.Broken, t.Broken, c.Broken, m.Broken, h.Broken, s.Broken, n.Broken),
        };
        return (model, binder.diagnostics.ToImmutableList());
    }

    private void Declare(DeclarationSyntax declaration)
    {
        if (declarations.TryGetValue(declaration.Name.Text, out var first))
            Report(DiagnosticDescriptors.DuplicateDeclaration, declaration.Name.Span, declaration.Name.Text, first.Name.Span);
        else
            declarations.Add(declaration.Name.Text, declaration);
    }

    private void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] arguments) =>
        diagnostics.Add(Diagnostic.Create(descriptor, span, arguments));

    /// <summary>Reports HV0003 for every name after the first that repeats an earlier one.</summary>
    private void CheckUnique<T>(ImmutableArray<T> items, Func<T, NameSyntax> name, string kind, string owner)
    {
        // Most registers have no fields and most fields no values: nothing can repeat, so no set is made; a handful is compared pairwise.
        if (items.Length > 8) CheckUnique((IEnumerable<T>)items, name, kind, owner);
        for (var i = 1; i < items.Length && items.Length <= 8; i++)
        {
            var n = name(items[i]);
            for (var j = 0; j < i; j++)
            {
                if (name(items[j]).Text != n.Text) continue;
                Report(DiagnosticDescriptors.DuplicateMember, n.Span, kind, n.Text, owner);
                break;
            }
        }
    }

    /// <summary>Reports HV0003 for every name after the first that repeats an earlier one.</summary>
    private void CheckUnique<T>(IEnumerable<T> items, Func<T, NameSyntax> name, string kind, string owner)
    {
        // Sized once from the count when it is known: a device's registers can number in the thousands.
        var seen = new Dictionary<string, bool>(items is IReadOnlyCollection<T> known ? known.Count : 0, StringComparer.Ordinal);
        foreach (var item in items)
        {
            var n = name(item);
            if (seen.ContainsKey(n.Text)) Report(DiagnosticDescriptors.DuplicateMember, n.Span, kind, n.Text, owner);
            else seen.Add(n.Text, true);
        }
    }

    /// <summary>Reports HV0018 when a setting keyword repeats; returns true the first time.</summary>
    private bool FirstSetting(HashSet<string> seen, string keyword, SourceSpan span, string owner)
    {
        if (seen.Add(keyword)) return true;
        Report(DiagnosticDescriptors.DuplicateSetting, span, keyword, owner);
        return false;
    }

    /// <summary>Checks that <paramref name="name"/> declares a <typeparamref name="T"/>; reports HV0004 otherwise.</summary>
    private bool Resolves<T>(NameSyntax name, string kind) where T : DeclarationSyntax
    {
        if (declarations.TryGetValue(name.Text, out var declaration) && declaration is T) return true;
        Unknown(name, kind, declarations.Values.OfType<T>().Select(d => d.Name.Text));
        return false;
    }

    private static bool Fits(ulong value, int bits) => bits >= 64 || value >> bits == 0;

    /// <summary>u8/u16/u32/u64 → bytes; reports HV0027 and returns 0 for anything else.</summary>
    private int WidthOf(NameSyntax type)
    {
        switch (type.Text)
        {
            case "u8": return 1;
            case "u16": return 2;
            case "u32": return 4;
            case "u64": return 8;
            default:
                Report(DiagnosticDescriptors.UnknownType, type.Span, type.Text);
                return 0;
        }
    }

    /// <summary>Reports HV0019 unless <paramref name="number"/> is within <paramref name="min"/>..<paramref name="max"/>.</summary>
    private bool InRange(NumberSyntax number, string what, ulong min, ulong max)
    {
        if (number.Value >= min && number.Value <= max && !number.IsNegative) return true;
        Report(DiagnosticDescriptors.ValueOutOfRange, number.Span, what, number.Decimal, $"between {min} and {max}");
        return false;
    }
}
