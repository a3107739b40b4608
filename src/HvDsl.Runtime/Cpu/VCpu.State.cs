using System.IO;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The furthest past its count a vCPU's interrupts or the VM's events can be held: one decoded block's end.</summary>
    internal const ulong LongestHold = MaxBlockLength;

    /// <summary>Writes the architectural and run state a snapshot needs: registers, modes, MSRs, halt and interrupt-shadow state.</summary>
    internal void SaveState(BinaryWriter w)
    {
        foreach (var value in _gpr) w.Write(value);
        foreach (var segment in _segments) WriteSegment(w, segment);
        WriteSegment(w, _ldtr);
        WriteSegment(w, _tr);
        w.Write(Gdtr.Base); w.Write(Gdtr.Limit);
        w.Write(Idtr.Base); w.Write(Idtr.Limit);
        w.Write(_rip); w.Write(_flags);
        w.Write(_cr0); w.Write(_cr2); w.Write(_cr3); w.Write(_cr4); w.Write(_cr8);
        w.Write(_efer); w.Write(_star); w.Write(_lstar); w.Write(_cstar); w.Write(_fmask); w.Write(_kernelGsBase); w.Write(_tscOffset); w.Write(_tscAux);
        w.Write(_sysenterEsp); w.Write(_sysenterEip); w.Write(_miscEnable); w.Write(_debugCtl); w.Write(_mc0Ctl); w.Write(_mc0Status);
        w.Write((byte)Cpl);
        w.Write(_instructions); w.Write(_halted); w.Write(_interruptShadowUntil);
        w.Write(_mmioLatchValid); w.Write(_mmioLatchAddress); w.Write(_mmioLatchValue);
        w.Write(_shutdown ?? "");
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote into a detached copy, so nothing changes until <see cref="Apply"/>.</summary>
    internal static VCpu ReadState(Vm owner, BinaryReader r)
    {
        // Never added to the VM's processors: a holder for the values until they are known to be whole.
        var cpu = new VCpu(owner, 0);
        for (var i = 0; i < cpu._gpr.Length; i++) cpu._gpr[i] = r.ReadUInt64();
        for (var i = 0; i < cpu._segments.Length; i++) cpu._segments[i] = ReadSegment(r);
        cpu._ldtr = ReadSegment(r);
        cpu._tr = ReadSegment(r);
        cpu.Gdtr = new DescriptorTableRegister(r.ReadUInt64(), r.ReadUInt16());
        cpu.Idtr = new DescriptorTableRegister(r.ReadUInt64(), r.ReadUInt16());
        cpu._rip = r.ReadUInt64(); cpu._flags = r.ReadUInt64();
        cpu._cr0 = r.ReadUInt64(); cpu._cr2 = r.ReadUInt64(); cpu._cr3 = r.ReadUInt64(); cpu._cr4 = r.ReadUInt64(); cpu._cr8 = r.ReadUInt64();
        cpu._efer = r.ReadUInt64(); cpu._star = r.ReadUInt64(); cpu._lstar = r.ReadUInt64(); cpu._cstar = r.ReadUInt64();
        cpu._fmask = r.ReadUInt64(); cpu._kernelGsBase = r.ReadUInt64(); cpu._tscOffset = r.ReadUInt64(); cpu._tscAux = r.ReadUInt64();
        cpu._sysenterEsp = r.ReadUInt64(); cpu._sysenterEip = r.ReadUInt64(); cpu._miscEnable = r.ReadUInt64();
        cpu._debugCtl = r.ReadUInt64(); cpu._mc0Ctl = r.ReadUInt64(); cpu._mc0Status = r.ReadUInt64();
        if (cpu.RefusedSavedMsr() is { } refused) throw new SnapshotException($"saved MSR {refused} holds a value WRMSR would refuse");
        cpu.Cpl = r.ReadByte();
        if (cpu.Cpl > 3) throw new SnapshotException($"CPL {cpu.Cpl} is not 0-3");
        cpu._instructions = r.ReadUInt64(); cpu._halted = r.ReadBoolean(); cpu._interruptShadowUntil = r.ReadUInt64();
        if (cpu._interruptShadowUntil > cpu._instructions && cpu._interruptShadowUntil - cpu._instructions > LongestHold)
            throw new SnapshotException($"interrupts are held until instruction {cpu._interruptShadowUntil}, more than a block past the vCPU's {cpu._instructions}");
        cpu._mmioLatchValid = r.ReadBoolean(); cpu._mmioLatchAddress = r.ReadUInt64(); cpu._mmioLatchValue = r.ReadUInt64();
        var shutdown = r.ReadString();
        // The reason is printed when the run ends, so it must stay one line.
        if (!Printable.IsOneLine(shutdown)) throw new SnapshotException($"vCPU shutdown reason '{Printable.Escape(shutdown)}' is not one line of text");
        cpu._shutdown = shutdown.Length == 0 ? null : shutdown;
        return cpu;
    }

    /// <summary>Takes every saved value from <paramref name="saved"/>, re-derives the mode and drops decoded blocks and TLBs.</summary>
    internal void Apply(VCpu saved)
    {
        saved._gpr.CopyTo(_gpr, 0);
        saved._segments.CopyTo(_segments, 0);
        (_ldtr, _tr, Gdtr, Idtr) = (saved._ldtr, saved._tr, saved.Gdtr, saved.Idtr);
        (_rip, _flags) = (saved._rip, saved._flags);
        (_cr0, _cr2, _cr3, _cr4, _cr8) = (saved._cr0, saved._cr2, saved._cr3, saved._cr4, saved._cr8);
        (_efer, _star, _lstar, _cstar, _fmask, _kernelGsBase, _tscOffset, _tscAux) =
            (saved._efer, saved._star, saved._lstar, saved._cstar, saved._fmask, saved._kernelGsBase, saved._tscOffset, saved._tscAux);
        (_sysenterEsp, _sysenterEip, _miscEnable, _debugCtl, _mc0Ctl, _mc0Status) =
            (saved._sysenterEsp, saved._sysenterEip, saved._miscEnable, saved._debugCtl, saved._mc0Ctl, saved._mc0Status);
        (_instructions, _halted, _interruptShadowUntil) = (saved._instructions, saved._halted, saved._interruptShadowUntil);
        (_mmioLatchValid, _mmioLatchAddress, _mmioLatchValue) = (saved._mmioLatchValid, saved._mmioLatchAddress, saved._mmioLatchValue);
        _shutdown = saved._shutdown;
        _status = 0;
        _block = null;
        ControlRegistersChanged();
        // Re-deriving the mode zeroes CPL in real mode; the saved CPL wins, and the user-page tag follows it.
        Cpl = saved.Cpl;
        SegmentsChanged();
        FlushDecodedBlocks();
    }

    /// <summary>
    /// Instructions left in the decoded block a budget stop cut short, or 0 when the vCPU stopped where an uninterrupted
    /// run would also look for timers and interrupts (a block end, a taken branch, an unfinished REP chunk, a halt).
    /// </summary>
    internal ulong InstructionsLeftInBlock()
    {
        if (_halted || _block is not { } block || _index + 1 >= block.Count || block.Code[_index + 1].IP != _rip)
            return 0;
        return (ulong)(block.Count - _index - 1);
    }

    /// <summary>Keeps interrupts from being taken before instruction <paramref name="count"/>, where the cut block would have ended.</summary>
    internal void HoldInterruptsUntil(ulong count)
    {
        if (count > _interruptShadowUntil) _interruptShadowUntil = count;
    }

    private static void WriteSegment(BinaryWriter w, in SegmentRegister s)
    {
        w.Write(s.Selector); w.Write(s.Base); w.Write(s.Limit); w.Write(s.Attributes);
    }

    private static SegmentRegister ReadSegment(BinaryReader r) => new(r.ReadUInt16(), r.ReadUInt64(), r.ReadUInt32(), r.ReadUInt32());
}
