using System;
using System.Collections.Generic;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu.Families;

/// <summary>
/// The interpreter's handlers indexed by Iced <see cref="Code"/>: each instruction family fills its codes once, and
/// <see cref="VCpu"/> calls the handler for the code it decoded. A code claimed by two families is a build error of the table.
/// </summary>
internal sealed unsafe class InstructionTable
{
    /// <summary>Number of Iced codes, the table's length.</summary>
    public static readonly int CodeCount = Enum.GetValues<Code>().Length;

    private static readonly Dictionary<Mnemonic, List<Code>> CodesByMnemonic = IndexCodes();

    private readonly delegate*<VCpu, ref Instruction, StepOutcome>[] _handlers = new delegate*<VCpu, ref Instruction, StepOutcome>[CodeCount];
    private readonly string?[] _families = new string?[CodeCount];
    private readonly bool[] _privileged = new bool[CodeCount];
    private string _family = "";

    /// <summary>Names the family the registrations that follow belong to, for the clash message.</summary>
    public InstructionTable Family(string name)
    {
        _family = name;
        return this;
    }

    /// <summary>Routes every code of each of <paramref name="mnemonics"/> to <paramref name="handler"/>.</summary>
    public void Add(delegate*<VCpu, ref Instruction, StepOutcome> handler, params ReadOnlySpan<Mnemonic> mnemonics)
    {
        foreach (var mnemonic in mnemonics)
        {
            foreach (var code in CodesByMnemonic[mnemonic])
                Add(handler, code);
        }
    }

    /// <summary>Routes each of <paramref name="codes"/> to <paramref name="handler"/>.</summary>
    public void Add(delegate*<VCpu, ref Instruction, StepOutcome> handler, params ReadOnlySpan<Code> codes)
    {
        foreach (var code in codes)
        {
            if (_families[(int)code] is { } owner)
                throw new InvalidOperationException($"instruction code {code} is registered by family {owner} and again by {_family}");
            _handlers[(int)code] = handler;
            _families[(int)code] = _family;
        }
    }

    /// <summary>Routes every code of <paramref name="mnemonics"/> to <paramref name="handler"/>, which runs only at CPL 0: elsewhere the code raises #GP(0).</summary>
    public void AddPrivileged(delegate*<VCpu, ref Instruction, StepOutcome> handler, params ReadOnlySpan<Mnemonic> mnemonics)
    {
        Add(handler, mnemonics);
        foreach (var mnemonic in mnemonics)
        {
            foreach (var code in CodesByMnemonic[mnemonic])
                _privileged[(int)code] = true;
        }
    }

    /// <summary>Which codes are privileged, by code.</summary>
    public bool[] Privileged() => (bool[])_privileged.Clone();

    /// <summary>The family that registered <paramref name="code"/>, or null when no family executes it.</summary>
    public string? FamilyOf(Code code) => _families[(int)code];

    /// <summary>The finished table: every code no family registered goes to <paramref name="unregistered"/>.</summary>
    public delegate*<VCpu, ref Instruction, StepOutcome>[] Build(delegate*<VCpu, ref Instruction, StepOutcome> unregistered)
    {
        var handlers = (delegate*<VCpu, ref Instruction, StepOutcome>[])_handlers.Clone();
        for (var i = 0; i < handlers.Length; i++)
        {
            if (handlers[i] == null)
                handlers[i] = unregistered;
        }
        return handlers;
    }

    private static Dictionary<Mnemonic, List<Code>> IndexCodes()
    {
        var index = new Dictionary<Mnemonic, List<Code>>();
        for (var i = 0; i < CodeCount; i++)
        {
            var mnemonic = ((Code)i).Mnemonic();
            if (!index.TryGetValue(mnemonic, out var codes))
                index[mnemonic] = codes = [];
            codes.Add((Code)i);
        }
        return index;
    }
}
