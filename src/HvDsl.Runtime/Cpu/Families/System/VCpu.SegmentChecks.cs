using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

/// <summary>
/// VERR, VERW, LAR and LSL: a selector's descriptor checked at the current privilege, answered in ZF instead of a fault.
/// Source: Intel SDM vol. 2, "VERR/VERW", "LAR", "LSL"; vol. 3A 5.10.
/// </summary>
public sealed partial class VCpu
{
    private const uint DescriptorCodeOrData = 0x10;
    private const uint DescriptorCode = 0x08;

    /// <summary>VERR and VERW: ZF = 1 when the segment is readable (writable) at CPL and the selector's RPL.</summary>
    private StepOutcome ExecuteVerify(ref Instruction ins)
    {
        if (!ReadSegmentCheckSelector(ref ins, 0, out var selector) || !CheckedDescriptor(selector, out var found, out var d))
            return Stopped;
        var type = (uint)(d >> 40) & 0x1F;
        var usable = found && (type & DescriptorCodeOrData) != 0 && (ins.Mnemonic == Mnemonic.Verw
            ? (type & (DescriptorCode | 2)) == 2
            : (type & (DescriptorCode | 2)) != DescriptorCode)
            && (IsConformingCode(type) || PrivilegeAllows(selector, d));
        SetZeroFlag(usable);
        return Stopped;
    }

    /// <summary>LAR and LSL: the access rights (limit) of a segment visible at CPL and RPL, else ZF = 0 and the destination unchanged.</summary>
    private StepOutcome ExecuteLoadSegmentInfo(ref Instruction ins)
    {
        if (!ReadSegmentCheckSelector(ref ins, 1, out var selector) || !CheckedDescriptor(selector, out var found, out var d))
            return Stopped;
        var type = (uint)(d >> 40) & 0x1F;
        var isLar = ins.Mnemonic == Mnemonic.Lar;
        var visible = found && ((type & DescriptorCodeOrData) != 0 || IsInfoSystemType(type, isLar))
            && (IsConformingCode(type) || PrivilegeAllows(selector, d));
        SetZeroFlag(visible);
        if (!visible)
            return Stopped;
        var size = Size0(ref ins);
        var value = isLar ? (d >> 32) & (size == 2 ? 0xFF00UL : 0x00F0FF00UL) : Decode(selector, d).Limit;
        SetGpr(ins.Op0Register, value & SizeMask(size));
        return Stopped;
    }

    /// <summary>Reads the selector operand; only protected and long mode know descriptors.</summary>
    private bool ReadSegmentCheckSelector(ref Instruction ins, int op, out ushort selector)
    {
        selector = 0;
        if (Mode == CpuMode.Real || (_state.RFlags & Cpu.RFlags.VM) != 0)
            return Ud();
        if (!ReadOp(ref ins, op, 2, out var value))
            return false;
        selector = (ushort)value;
        return true;
    }

    /// <summary>
    /// The descriptor for <paramref name="selector"/>; a null selector or one beyond its table is not found (no fault).
    /// Returns false only when reading the table faulted.
    /// </summary>
    private bool CheckedDescriptor(ushort selector, out bool found, out ulong descriptor)
    {
        descriptor = 0;
        var local = (selector & 4) != 0;
        var limit = local ? (_state.Ldtr.IsUnusable ? -1L : _state.Ldtr.Limit) : Gdtr.Limit;
        found = (selector & 0xFFFC) != 0 && (long)(selector & 0xFFF8) + 7 <= limit;
        return !found || ReadSystem((local ? _state.Ldtr.Base : Gdtr.Base) + (ulong)(selector & 0xFFF8), 8, out descriptor);
    }

    private static bool IsConformingCode(uint type) => (type & 0x1C) == 0x1C;

    /// <summary>The descriptor's DPL is at least CPL and the selector's RPL.</summary>
    private bool PrivilegeAllows(ushort selector, ulong descriptor)
    {
        var dpl = (int)(descriptor >> 45) & 3;
        return dpl >= Cpl && dpl >= (selector & 3);
    }

    /// <summary>System descriptor types LAR (call gates too) and LSL accept: LDT and TSS; legacy mode adds the 16-bit TSS.</summary>
    private bool IsInfoSystemType(uint type, bool isLar)
    {
        var longMode = (_state.Efer & EferLma) != 0;
        return type switch
        {
            0x02 or 0x09 or 0x0B => true,
            0x0C => isLar,
            0x01 or 0x03 => !longMode,
            0x04 or 0x05 => isLar && !longMode,
            _ => false,
        };
    }

    private void SetZeroFlag(bool set) => _state.RFlags = set ? _state.RFlags | Cpu.RFlags.ZF : _state.RFlags & ~Cpu.RFlags.ZF;
}
