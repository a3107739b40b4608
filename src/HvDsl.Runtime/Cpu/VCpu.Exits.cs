using HvDsl.Runtime.Devices;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu : IGuestCpu
{
    /// <summary>
    /// Turns a trapped instruction into a pending exit after the checks hardware makes first (privilege,
    /// IOPL, the memory operand of OUTS/INS): Exit, or Fault, or Next when it had nothing to do (REP with rCX = 0).
    /// </summary>
    private StepOutcome TrapExit(ref MicroOp op, ref Instruction ins)
    {
        _nextRip = op.NextRip;
        var mnemonic = ins.Mnemonic;
        var isMovCr = mnemonic == Mnemonic.Mov && (ins.Op0Register.IsCR() || ins.Op1Register.IsCR());
        if ((PrivilegedCodes[(int)ins.Code] || isMovCr) && Cpl > 0)
            return RaiseGp0();
        VmExit exit;
        switch (mnemonic)
        {
            case Mnemonic.Hlt:
                exit = new VmExit(ExitReason.Halt, ins);
                break;
            case Mnemonic.Insb: case Mnemonic.Insw: case Mnemonic.Insd:
            case Mnemonic.Outsb: case Mnemonic.Outsw: case Mnemonic.Outsd:
                if (StringIoExit(ref ins, out exit) is var io and not StepOutcome.Exit)
                    return io;
                break;
            case Mnemonic.Cpuid:
                exit = new VmExit(ExitReason.Cpuid, ins, (uint)_state.Gpr[0], value: (uint)_state.Gpr[1]);
                break;
            case Mnemonic.Rdmsr:
                exit = new VmExit(ExitReason.MsrRead, ins, (uint)_state.Gpr[1], 8);
                break;
            case Mnemonic.Wrmsr:
                exit = new VmExit(ExitReason.MsrWrite, ins, (uint)_state.Gpr[1], 8, AccessDirection.Write, ((_state.Gpr[2] & 0xFFFFFFFF) << 32) | (uint)_state.Gpr[0]);
                break;
            case Mnemonic.Mov when isMovCr:
                exit = ins.Op0Register.IsCR()
                    ? new VmExit(ExitReason.ControlRegister, ins, (ulong)(ins.Op0Register - Register.CR0), 8, AccessDirection.Write, Gpr(ins.Op1Register))
                    : new VmExit(ExitReason.ControlRegister, ins, (ulong)(ins.Op1Register - Register.CR0), 8);
                break;
            case Mnemonic.Invlpg:
                if (!SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out var linear))
                    return Stopped;
                exit = new VmExit(ExitReason.Invlpg, ins, linear);
                break;
            case Mnemonic.Lgdt: case Mnemonic.Lidt: case Mnemonic.Lldt: case Mnemonic.Ltr:
            case Mnemonic.Sgdt: case Mnemonic.Sidt: case Mnemonic.Sldt: case Mnemonic.Str:
                var address = 0UL;
                if (ins.Op0Kind == OpKind.Memory && !SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out address))
                    return Stopped;
                exit = new VmExit(ExitReason.DescriptorTable, ins, address, direction: mnemonic is Mnemonic.Lgdt or Mnemonic.Lidt or Mnemonic.Lldt or Mnemonic.Ltr ? AccessDirection.Write : AccessDirection.Read);
                break;
            case Mnemonic.Vmcall:
            case Mnemonic.Vmmcall:
                exit = new VmExit(ExitReason.Hypercall, ins);
                break;
            default:
                exit = new VmExit(ExitReason.Trapped, ins);
                break;
        }
        RecordExit(exit);
        return StepOutcome.Exit;
    }

    /// <summary>Port, width and direction of IN/OUT/INS/OUTS.</summary>
    private void DecodePortIo(ref Instruction ins, out ushort port, out int width, out bool isIn, out bool isString)
    {
        var mnemonic = ins.Mnemonic;
        isIn = mnemonic is Mnemonic.In or Mnemonic.Insb or Mnemonic.Insw or Mnemonic.Insd;
        isString = mnemonic is not (Mnemonic.In or Mnemonic.Out);
        if (isString)
        {
            width = MemorySizes[(int)ins.MemorySize];
            port = (ushort)_state.Gpr[2];
            return;
        }
        var data = isIn ? ins.Op0Register : ins.Op1Register;
        var portKind = isIn ? ins.Op1Kind : ins.Op0Kind;
        width = GprInfo[(int)data].Size;
        port = portKind == OpKind.Register ? (ushort)_state.Gpr[2] : ins.Immediate8;
    }

    /// <summary>
    /// IN or OUT from its micro-op: no operand decoding, and kept apart from <see cref="TrapExit"/>, whose many
    /// exit temporaries make a large frame to clear on every call.
    /// </summary>
    private StepOutcome PortExit(ref MicroOp op, ref Instruction ins)
    {
        _nextRip = op.NextRip;
        if (!IoPrivileged())
            return RaiseGp0();
        var port = op.Src == MicroOp.NoRegister ? op.Imm : (ushort)_state.Gpr[2];
        var isIn = op.Kind == MicroOpKind.PortIn;
        RecordExit(new VmExit(ExitReason.PortIo, ins, port, op.Size, isIn ? AccessDirection.Read : AccessDirection.Write,
            isIn ? 0 : _state.Gpr[0] & SizeMask(op.Size)));
        return StepOutcome.Exit;
    }

    /// <summary>
    /// INS or OUTS: the element's address is checked (and an OUTS element read) before the exit. Exit with the exit to
    /// record, Fault, or Next for a REP with rCX = 0 (nothing to do).
    /// </summary>
    private StepOutcome StringIoExit(ref Instruction ins, out VmExit exit)
    {
        exit = default;
        DecodePortIo(ref ins, out var port, out var width, out var isIn, out _);
        if (!IoPrivileged())
            return RaiseGp0();
        var rep = ins.HasRepPrefix || ins.HasRepnePrefix;
        var mask = SizeMask(StringAddressSize(ref ins));
        if (rep && (_state.Gpr[1] & mask) == 0)
            return StepOutcome.Next;
        var flags = ExitFlags.String | (rep ? ExitFlags.Rep : ExitFlags.None);
        if (isIn)
        {
            // Probe the destination first so a fault is raised before the device sees the read.
            if (!SegmentLinear(EsIndex, _state.Gpr[7] & mask, width, write: true, out var linear)
                || !Translate(linear, PageAccess.Write | (Cpl == 3 ? PageAccess.User : PageAccess.None), out _))
                return Stopped;
            exit = new VmExit(ExitReason.PortIo, ins, port, width, AccessDirection.Read, 0, flags);
            return StepOutcome.Exit;
        }
        if (!ReadSeg(SegmentIndex(ins.MemorySegment), _state.Gpr[6] & mask, width, out var value))
            return Stopped;
        exit = new VmExit(ExitReason.PortIo, ins, port, width, AccessDirection.Write, value, flags);
        return StepOutcome.Exit;
    }

    /// <summary>IN/OUT/INS/OUTS executed natively against the VM's port bus (not trapped, or emulated).</summary>
    private StepOutcome ExecutePortIo(ref Instruction ins)
    {
        DecodePortIo(ref ins, out var port, out var width, out var isIn, out var isString);
        if (!IoPrivileged())
            return RaiseGp0();
        var bus = Vm.PortIo;
        if (!isString)
        {
            if (isIn)
                SetGprSized(0, width, bus.Read(port, width));
            else
                bus.Write(port, width, _state.Gpr[0]);
            return StepOutcome.Next;
        }
        var rep = ins.HasRepPrefix || ins.HasRepnePrefix;
        var addressSize = StringAddressSize(ref ins);
        var mask = SizeMask(addressSize);
        var step = (_state.RFlags & Cpu.RFlags.DF) != 0 ? (ulong)-width : (ulong)width;
        for (var i = 0; i < RepChunk; i++)
        {
            if (rep && (_state.Gpr[1] & mask) == 0)
                return StepOutcome.Next;
            if (isIn)
            {
                var di = _state.Gpr[7] & mask;
                if (!SegmentLinear(EsIndex, di, width, write: true, out var linear)
                    || !Translate(linear, PageAccess.Write | (Cpl == 3 ? PageAccess.User : PageAccess.None), out _)
                    || !WriteSeg(EsIndex, di, width, bus.Read(port, width)))
                    return Stopped;
                SetGprSized(7, addressSize, di + step);
            }
            else
            {
                var si = _state.Gpr[6] & mask;
                if (!ReadSeg(SegmentIndex(ins.MemorySegment), si, width, out var value))
                    return Stopped;
                bus.Write(port, width, value);
                SetGprSized(6, addressSize, si + step);
            }
            if (!rep)
                return StepOutcome.Next;
            SetGprSized(1, addressSize, _state.Gpr[1] - 1);
        }
        // Not finished: run this instruction again from the top of a fresh block.
        return (_state.Gpr[1] & mask) != 0 ? Branch(_state.Rip) : StepOutcome.Next;
    }

    /// <summary>Supplies the value an IN reads (into AL/AX/EAX) or an INS element (stored at ES:rDI).</summary>
    public void CompletePortIn(in VmExit exit, ulong value)
    {
        if (!exit.IsString)
        {
            SetGprSized(0, exit.Width, value);
            return;
        }
        var instruction = exit.Instruction;
        var mask = SizeMask(StringAddressSize(ref instruction));
        WriteSeg(EsIndex, _state.Gpr[7] & mask, exit.Width, value);
    }

    /// <summary>
    /// Finishes an exit with the handler's answer: advance past the instruction, let the vCPU perform it,
    /// inject an exception, or leave everything as it is (stop).
    /// </summary>
    public void Complete(in VmExit exit, in ExitAction action)
    {
        var stepTrap = _stepTrapOnComplete;
        _stepTrapOnComplete = false;
        var (instructions, events) = (_state.Instructions, _eventsDelivered);
        CompleteExit(exit, action);
        // A single-stepped instruction the VMM completed (port I/O, CPUID) traps after it as one the vCPU ran does.
        if (stepTrap && _state.Instructions != instructions && _eventsDelivered == events && _recorded == StepOutcome.Next)
            DebugTrap(0, step: true);
    }

    private void CompleteExit(in VmExit exit, in ExitAction action)
    {
        if (exit.Instruction.Length == 0 || action.Kind == ExitActionKind.Stop)
            return;
        if (_recorded == StepOutcome.Fault)
        {
            // Completing the exit faulted (an INS store): deliver that instead of advancing.
            FinishInstruction(StepOutcome.Fault);
            return;
        }
        switch (action.Kind)
        {
            case ExitActionKind.InjectException:
                _state.Instructions++;
                InjectException(action.Vector, action.ErrorCode);
                return;
            case ExitActionKind.Emulate when exit.Reason is not (ExitReason.Mmio or ExitReason.UnmappedMemory):
                _uncached.Code[0] = exit.Instruction;
                ExecuteSingle();
                return;
        }
        if (exit.Reason is ExitReason.Mmio or ExitReason.UnmappedMemory)
        {
            // Replay the instruction; the latched value answers the access (reads of nothing see all ones).
            if (!_state.MmioLatchValid)
                CompleteMmioRead(exit, ulong.MaxValue);
            return;
        }
        _state.Instructions++;
        if (exit.Reason == ExitReason.PortIo && exit.IsString)
        {
            var instruction = exit.Instruction;
            var addressSize = StringAddressSize(ref instruction);
            var step = (_state.RFlags & Cpu.RFlags.DF) != 0 ? (ulong)-exit.Width : (ulong)exit.Width;
            var index = exit.Direction == AccessDirection.Read ? 7 : 6;
            SetGprSized(index, addressSize, _state.Gpr[index] + step);
            if (exit.IsRep)
            {
                SetGprSized(1, addressSize, _state.Gpr[1] - 1);
                if ((_state.Gpr[1] & SizeMask(addressSize)) != 0)
                    return; // RIP stays: the next run exits for the next element
            }
        }
        _state.Rip = exit.Instruction.NextIP & _ipMask;
    }

    /// <summary>Executes the instruction in the uncached block outside the block loop (an exit the handler asked the vCPU to perform).</summary>
    private void ExecuteSingle()
    {
        _uncached.Count = 1;
        _block = _uncached;
        _index = 0;
        ref var ins = ref _uncached.Code[0];
        _nextRip = ins.NextIP & _ipMask;
        _state.Instructions++;
        _codeWritten = false;
        FinishInstruction(Execute(ref ins));
    }
}
