using System;
using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language;
using HvDsl.Language.Binding;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Emitting;

namespace HvDsl.Generators;

/// <summary>All spec files bound together: the units to emit and every diagnostic. Value-equatable, so unchanged units stay cached.</summary>
internal sealed class SpecSet : IEquatable<SpecSet>
{
    private SpecSet(EquatableArray<EmitUnit> units, EquatableArray<Diagnostic> diagnostics)
    {
        Units = units;
        Diagnostics = diagnostics;
    }

    /// <summary>One emit unit per declaration of the files without errors.</summary>
    public EquatableArray<EmitUnit> Units { get; }

    /// <summary>Syntax, binding and internal diagnostics of every file.</summary>
    public EquatableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Binds every parsed file as one set, since a machine places devices declared in other files.</summary>
    public static SpecSet Bind(ImmutableArray<ParsedSpec> files, EmitOptions options)
    {
        var parsed = files.Select(f => f.Result).ToList();
        try
        {
            var result = SpecCompiler.Bind(parsed);
            return new SpecSet(SpecEmitter.Units(result.Model, options), result.Diagnostics.ToEquatableArray());
        }
        catch (Exception exception)
        {
            var diagnostics = parsed.SelectMany(p => p.Diagnostics).Append(InternalError.Unlocated(exception));
            return new SpecSet(EquatableArray<EmitUnit>.Empty, diagnostics.ToEquatableArray());
        }
    }

    /// <inheritdoc />
    public bool Equals(SpecSet? other) => other is not null && Units.Equals(other.Units) && Diagnostics.Equals(other.Diagnostics);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpecSet);

    /// <inheritdoc />
    public override int GetHashCode() => Units.GetHashCode() ^ Diagnostics.GetHashCode();
}
