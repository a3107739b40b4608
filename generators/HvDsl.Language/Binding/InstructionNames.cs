using System;
using System.Collections.Generic;
using System.Linq;

namespace HvDsl.Language.Binding;

/// <summary>Resolves instruction names in trap tables: Iced mnemonics (case-insensitive) and the language's aliases.</summary>
internal static class InstructionNames
{
    private static readonly Dictionary<string, string> Mnemonics =
        IcedMnemonics.Names.ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    /// <summary>Aliases that group mnemonics or restrict operands; documented in docs/language.md.</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Mnemonics, OperandFilter Filter)> Aliases =
        new Dictionary<string, (string[], OperandFilter)>(StringComparer.OrdinalIgnoreCase)
        {
            ["mov_cr"] = (["Mov"], OperandFilter.ControlRegister),
            ["mov_dr"] = (["Mov"], OperandFilter.DebugRegister),
            ["ins"] = (["Insb", "Insw", "Insd"], OperandFilter.None),
            ["outs"] = (["Outsb", "Outsw", "Outsd"], OperandFilter.None),
        };

    /// <summary>The instruction <paramref name="written"/> stands for, or null when it is neither a mnemonic nor an alias.</summary>
    public static BoundInstruction? Resolve(string written)
    {
        if (Aliases.TryGetValue(written, out var alias)) return new BoundInstruction(written, alias.Mnemonics.ToEquatableArray(), alias.Filter);
        return Mnemonics.TryGetValue(written, out var mnemonic)
            ? new BoundInstruction(written, new[] { mnemonic }.ToEquatableArray(), OperandFilter.None)
            : null;
    }
}
