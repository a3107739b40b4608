using System;
using Iced.Intel;

namespace HvDsl.Runtime.Exits;

/// <summary>
/// Which instructions leave the guest as VM exits. An instruction not in the set is executed by the
/// vCPU itself with its architectural meaning (IN/OUT then go straight to the VM's port bus, MOV CR
/// loads the register, CPUID answers from a built-in table). HLT, VMCALL and VMMCALL always exit.
/// </summary>
/// <remarks>
/// Privilege comes first, as on hardware: a privileged instruction (HLT, MOV CR, LGDT, LIDT, LLDT,
/// LTR, INVLPG, RDMSR, WRMSR, CLTS, INVD, WBINVD) at CPL &gt; 0, and IN/OUT/INS/OUTS at CPL &gt; IOPL
/// in protected mode, raise #GP(0) in the guest and never exit. CPUID, VMCALL and VMMCALL exit at
/// any CPL; the handler can look at <see cref="Cpu.IGuestCpu.Cpl"/>.
/// </remarks>
public sealed class TrapSet
{
    private static readonly int CodeCount = Enum.GetValues<Code>().Length;
    private static readonly Mnemonic[] DefaultMnemonics =
    [
        Mnemonic.Hlt, Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd,
        Mnemonic.Outsb, Mnemonic.Outsw, Mnemonic.Outsd, Mnemonic.Cpuid, Mnemonic.Rdmsr, Mnemonic.Wrmsr,
        Mnemonic.Vmcall, Mnemonic.Vmmcall,
    ];

    private readonly bool[] _codes = new bool[CodeCount];

    /// <summary>An empty set (HLT, VMCALL and VMMCALL still exit).</summary>
    public TrapSet() => Add(Mnemonic.Hlt).Add(Mnemonic.Vmcall).Add(Mnemonic.Vmmcall);

    /// <summary>HLT, port I/O, CPUID, RDMSR/WRMSR, VMCALL and VMMCALL: what a minimal VMM must see.</summary>
    public static TrapSet CreateDefault()
    {
        var set = new TrapSet();
        foreach (var mnemonic in DefaultMnemonics)
            set.Add(mnemonic);
        return set;
    }

    /// <summary>Bumped on every change so the vCPU can drop blocks decoded under the old set.</summary>
    public int Version { get; private set; }

    /// <summary>Whether <paramref name="code"/> exits.</summary>
    public bool Contains(Code code) => _codes[(int)code];

    /// <summary>Makes <paramref name="code"/> exit.</summary>
    public TrapSet Add(Code code)
    {
        _codes[(int)code] = true;
        Version++;
        return this;
    }

    /// <summary>Makes every instruction code with <paramref name="mnemonic"/> exit.</summary>
    public TrapSet Add(Mnemonic mnemonic)
    {
        for (var i = 0; i < _codes.Length; i++)
        {
            if (((Code)i).Mnemonic() == mnemonic)
                _codes[i] = true;
        }
        Version++;
        return this;
    }

    /// <summary>Stops <paramref name="code"/> from exiting, unless it must always exit.</summary>
    public TrapSet Remove(Code code)
    {
        var mnemonic = code.Mnemonic();
        if (mnemonic is not (Mnemonic.Hlt or Mnemonic.Vmcall or Mnemonic.Vmmcall))
            _codes[(int)code] = false;
        Version++;
        return this;
    }
}
