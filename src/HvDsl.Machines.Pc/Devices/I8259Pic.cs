using System.IO;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The 8259A's behaviour: the ICW1–ICW4 initialisation sequence, OCW1 masking, OCW2 end-of-interrupt and priority
/// rotation, OCW3 status reads, poll and special mask, edge- or level-triggered request latching and the INTA cycle.
/// The master is also the VM's <see cref="IInterruptController"/>: lines 0–7 are its inputs, 8–15 its slave's.
/// </summary>
public sealed partial class I8259Pic : IInterruptController
{
    // IR0..IR7: as many inputs as OCW2's Level field names; IR7 is lowest in priority after ICW1 and answers a spurious INTA.
    private const int Inputs = RegisterMap.OCW2_LevelMask + 1;
    private const int LastInput = Inputs - 1;

    // The command words' own registers (ICW1..ICW4, OCW1) hold what they were written; these are the chip's other latches.
    private byte _irr;
    private byte _isr;
    private byte _inputLevels;
    private bool _rotateOnAutoEoi;
    private bool _specialMask;
    private bool _readIsr;
    private bool _poll;
    private int _lowestPriority;
    private bool _output;

    /// <summary>The slave cascaded into this (master) controller, or null for a slave or a lone 8259A.</summary>
    public I8259Pic? Slave { get; set; }

    /// <summary>The interrupt request register: inputs waiting for service.</summary>
    public byte RequestRegister => _irr;

    /// <summary>The in-service register: interrupts acknowledged and not yet ended by an EOI.</summary>
    public byte InServiceRegister => _isr;

    /// <summary>The base vector ICW2 programmed (IR0's vector).</summary>
    public byte VectorBase => (byte)(ICW2 & RegisterMap.ICW2_VectorMask);

    /// <inheritdoc />
    public bool HasPending => _output;

    /// <inheritdoc />
    public void SetLevel(int line, bool high)
    {
        if (line < Inputs) SetInput(line, high);
        else if (line < 2 * Inputs) Slave?.SetInput(line - Inputs, high);
    }

    /// <summary>Drives input IR<paramref name="input"/> (0–7) of this chip.</summary>
    public void SetInput(int input, bool high)
    {
        var bit = (byte)(1 << input);
        var rising = high && (_inputLevels & bit) == 0;
        _inputLevels = high ? (byte)(_inputLevels | bit) : (byte)(_inputLevels & ~bit);
        // Edge mode latches the rising edge until INTA; level mode follows the line (datasheet "Edge and Level Triggered Modes").
        if (ICW1_LTIM) _irr = high ? (byte)(_irr | bit) : (byte)(_irr & ~bit);
        else if (rising) _irr |= bit;
        Update();
    }

    /// <summary>
    /// The INTA cycle: moves the winning request from IRR to ISR and returns its vector; a cascade input lets the slave
    /// answer. With no request left the chip answers IR7 without setting ISR (the datasheet's spurious interrupt).
    /// </summary>
    public int Acknowledge()
    {
        var input = HighestRequest();
        if (input < 0) return VectorBase + LastInput;
        var bit = (byte)(1 << input);
        _irr &= (byte)~bit;
        if (ICW1_LTIM && (_inputLevels & bit) != 0) _irr |= bit;
        if (!ICW4_AEOI) _isr |= bit;
        else if (_rotateOnAutoEoi) _lowestPriority = input;
        var vector = Slave is { } slave && !ICW1_SNGL && (ICW3 & bit) != 0 ? slave.Acknowledge() : VectorBase + input;
        Update();
        return vector;
    }

    // Input levels are wires outside the chip, so a reset keeps them; everything the chip latched goes (the registers reset before this).
    partial void OnReset()
    {
        _irr = _isr = 0;
        _rotateOnAutoEoi = _specialMask = _readIsr = _poll = false;
        _lowestPriority = LastInput;
        Update();
    }

    partial void OnSave(BinaryWriter writer)
    {
        writer.Write(_irr);
        writer.Write(_isr);
        writer.Write(_inputLevels);
        writer.Write(_lowestPriority);
        foreach (var flag in (bool[])[_rotateOnAutoEoi, _specialMask, _readIsr, _poll]) writer.Write(flag);
    }

    partial void OnRestore(BinaryReader reader)
    {
        _irr = reader.ReadByte();
        _isr = reader.ReadByte();
        _inputLevels = reader.ReadByte();
        _lowestPriority = reader.ReadInt32();
        _rotateOnAutoEoi = reader.ReadBoolean();
        _specialMask = reader.ReadBoolean();
        _readIsr = reader.ReadBoolean();
        _poll = reader.ReadBoolean();
        Update();
    }

    // ICW1 resets the chip's state: mask cleared, IR7 lowest priority, IRR selected for reads (datasheet "Initialization Command Words").
    partial void OnIcw1(byte value)
    {
        Sequence_Expect = InitWord.Icw2;
        ICW4 = 0;
        OCW1 = 0;
        _rotateOnAutoEoi = false;
        _irr = _isr = 0;
        _lowestPriority = LastInput;
        _specialMask = _readIsr = _poll = false;
        Update();
    }

    // ICW3 only in cascade mode, ICW4 only when ICW1 asked for it.
    partial void OnIcw2(byte value) => Sequence_Expect = !ICW1_SNGL ? InitWord.Icw3 : AfterIcw3;

    partial void OnIcw3(byte value) => Sequence_Expect = AfterIcw3;

    partial void OnIcw4(byte value)
    {
        Sequence_Expect = InitWord.Ocw1;
        Update();
    }

    private InitWord AfterIcw3 => ICW1_IC4 ? InitWord.Icw4 : InitWord.Ocw1;

    partial void OnMaskWrite(byte value) => Update();

    // The data port reads back the mask, never an ICW.
    private partial byte ComputeMask() => OCW1;

    private partial byte ComputeStatus() => _readIsr ? _isr : _irr;

    // A poll command makes the next read the poll word (the interrupt bit and the winning level) and acknowledges that level.
    partial void OnStatusRead(ref byte value)
    {
        if (!_poll) return;
        _poll = false;
        var input = HighestRequest();
        if (input >= 0) Acknowledge();
        value = input >= 0 ? (byte)(RegisterMap.Status_PollInterruptMask | input) : (byte)0;
    }

    partial void OnOcw2(byte value)
    {
        var level = OCW2_Level;
        switch (OCW2_Command)
        {
            case Command.NonSpecificEoi: EndOfInterrupt(HighestInService(), rotate: false); break;
            case Command.SpecificEoi: EndOfInterrupt(level, rotate: false); break;
            case Command.RotateOnNonSpecificEoi: EndOfInterrupt(HighestInService(), rotate: true); break;
            case Command.RotateOnSpecificEoi: EndOfInterrupt(level, rotate: true); break;
            case Command.SetRotateInAutoEoi: _rotateOnAutoEoi = true; break;
            case Command.ClearRotateInAutoEoi: _rotateOnAutoEoi = false; break;
            case Command.SetPriority: _lowestPriority = level; break;
        }
        Update();
    }

    // RR and ESMM say whether RIS and SMM change anything.
    partial void OnOcw3(byte value)
    {
        _poll = OCW3_P;
        if (OCW3_RR) _readIsr = OCW3_RIS;
        if (OCW3_ESMM) _specialMask = OCW3_SMM;
        Update();
    }

    private void EndOfInterrupt(int input, bool rotate)
    {
        if (input < 0) return;
        _isr &= (byte)~(1 << input);
        if (rotate) _lowestPriority = input;
    }

    // Rank 0 is the highest priority; after rotation the input following the lowest-priority one ranks first.
    private int Rank(int input) => (input - _lowestPriority - 1) & (Inputs - 1);

    private int Highest(byte bits)
    {
        var best = -1;
        for (var input = 0; input < Inputs; input++)
            if ((bits & (1 << input)) != 0 && (best < 0 || Rank(input) < Rank(best))) best = input;
        return best;
    }

    private int HighestInService() => Highest(_isr);

    // A request wins if unmasked and ranked above every in-service level; special mask mode ignores masked in-service levels.
    private int HighestRequest()
    {
        var input = Highest((byte)(_irr & ~OCW1));
        if (input < 0) return -1;
        var blocking = Highest(_specialMask ? (byte)(_isr & ~OCW1) : _isr);
        return blocking < 0 || Rank(input) < Rank(blocking) ? input : -1;
    }

    // INT follows the priority logic; a slave's INT is the master's cascade input.
    private void Update()
    {
        _output = HighestRequest() >= 0;
        if (_output) Interrupt?.Raise();
        else Interrupt?.Lower();
    }
}
