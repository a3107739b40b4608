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
    private byte _irr;
    private byte _isr;
    private byte _imr;
    private byte _inputLevels;
    private byte _vectorBase;
    private byte _cascade;
    private int _nextInitWord;
    private bool _expectIcw4;
    private bool _singleMode;
    private bool _levelTriggered;
    private bool _autoEoi;
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
    public byte VectorBase => _vectorBase;

    /// <inheritdoc />
    public bool HasPending => _output;

    /// <inheritdoc />
    public void SetLevel(int line, bool high)
    {
        if (line < 8) SetInput(line, high);
        else if (line < 16) Slave?.SetInput(line - 8, high);
    }

    /// <summary>Drives input IR<paramref name="input"/> (0–7) of this chip.</summary>
    public void SetInput(int input, bool high)
    {
        var bit = (byte)(1 << input);
        var rising = high && (_inputLevels & bit) == 0;
        _inputLevels = high ? (byte)(_inputLevels | bit) : (byte)(_inputLevels & ~bit);
        // Edge mode latches the rising edge until INTA; level mode follows the line (datasheet "Edge and Level Triggered Modes").
        if (_levelTriggered) _irr = high ? (byte)(_irr | bit) : (byte)(_irr & ~bit);
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
        if (input < 0) return _vectorBase + 7;
        var bit = (byte)(1 << input);
        _irr &= (byte)~bit;
        if (_levelTriggered && (_inputLevels & bit) != 0) _irr |= bit;
        if (!_autoEoi) _isr |= bit;
        else if (_rotateOnAutoEoi) _lowestPriority = input;
        var vector = Slave is { } slave && !_singleMode && (_cascade & bit) != 0 ? slave.Acknowledge() : _vectorBase + input;
        Update();
        return vector;
    }

    // Input levels are wires outside the chip, so a reset keeps them; everything the chip latched goes.
    partial void OnReset()
    {
        _irr = _isr = _imr = _vectorBase = _cascade = 0;
        _nextInitWord = 0;
        _expectIcw4 = _singleMode = _levelTriggered = _autoEoi = _rotateOnAutoEoi = false;
        _specialMask = _readIsr = _poll = false;
        _lowestPriority = 7;
        Update();
    }

    partial void OnSave(BinaryWriter writer)
    {
        writer.Write(_irr);
        writer.Write(_isr);
        writer.Write(_imr);
        writer.Write(_inputLevels);
        writer.Write(_vectorBase);
        writer.Write(_cascade);
        writer.Write(_nextInitWord);
        writer.Write(_lowestPriority);
        foreach (var flag in (bool[])[_expectIcw4, _singleMode, _levelTriggered, _autoEoi, _rotateOnAutoEoi, _specialMask, _readIsr, _poll])
            writer.Write(flag);
    }

    partial void OnRestore(BinaryReader reader)
    {
        _irr = reader.ReadByte();
        _isr = reader.ReadByte();
        _imr = reader.ReadByte();
        _inputLevels = reader.ReadByte();
        _vectorBase = reader.ReadByte();
        _cascade = reader.ReadByte();
        _nextInitWord = reader.ReadInt32();
        _lowestPriority = reader.ReadInt32();
        _expectIcw4 = reader.ReadBoolean();
        _singleMode = reader.ReadBoolean();
        _levelTriggered = reader.ReadBoolean();
        _autoEoi = reader.ReadBoolean();
        _rotateOnAutoEoi = reader.ReadBoolean();
        _specialMask = reader.ReadBoolean();
        _readIsr = reader.ReadBoolean();
        _poll = reader.ReadBoolean();
        Update();
    }

    partial void OnCommand(byte value)
    {
        if (Command_Init) StartInitialization();
        else if ((value & 0x08) == 0) OperationCommand2(value);
        else OperationCommand3(value);
        Update();
    }

    // The data port reads back the mask, never an ICW.
    private partial byte ComputeData() => _imr;

    private partial void ApplyData(byte value)
    {
        switch (_nextInitWord)
        {
            case 2:
                _vectorBase = (byte)(value & 0xF8);
                _nextInitWord = !_singleMode ? 3 : _expectIcw4 ? 4 : 0;
                break;
            case 3:
                _cascade = value;
                _nextInitWord = _expectIcw4 ? 4 : 0;
                break;
            case 4:
                _autoEoi = (value & 0x02) != 0;
                _nextInitWord = 0;
                break;
            default:
                _imr = value;
                break;
        }
        Update();
    }

    private partial byte ComputeStatus() => _readIsr ? _isr : _irr;

    // A poll command makes the next read the poll word (bit 7 set and the winning level) and acknowledges that level.
    partial void OnStatusRead(ref byte value)
    {
        if (!_poll) return;
        _poll = false;
        var input = HighestRequest();
        if (input >= 0) Acknowledge();
        value = input >= 0 ? (byte)(0x80 | input) : (byte)0;
    }

    // ICW1 resets the chip's state: mask cleared, IR7 lowest priority, IRR selected for reads (datasheet "Initialization Command Words").
    private void StartInitialization()
    {
        _nextInitWord = 2;
        _expectIcw4 = Command_IC4;
        _singleMode = Command_SNGL;
        // Kept apart from the Command register, which every later OCW2/OCW3 overwrites.
        _levelTriggered = Command_LTIM;
        _autoEoi = false;
        _rotateOnAutoEoi = false;
        _imr = _irr = _isr = 0;
        _lowestPriority = 7;
        _specialMask = _readIsr = _poll = false;
    }

    // OCW2 bits 7-5 are R, SL, EOI; bits 2-0 the level for the specific forms.
    private void OperationCommand2(byte value)
    {
        var level = value & 0x07;
        switch (value >> 5)
        {
            case 0b001: EndOfInterrupt(HighestInService(), rotate: false); break;
            case 0b011: EndOfInterrupt(level, rotate: false); break;
            case 0b101: EndOfInterrupt(HighestInService(), rotate: true); break;
            case 0b111: EndOfInterrupt(level, rotate: true); break;
            case 0b100: _rotateOnAutoEoi = true; break;
            case 0b000: _rotateOnAutoEoi = false; break;
            case 0b110: _lowestPriority = level; break;
        }
    }

    // OCW3: bit 2 poll, bits 1-0 select IRR/ISR for reads, bits 6-5 set or reset the special mask.
    private void OperationCommand3(byte value)
    {
        _poll = (value & 0x04) != 0;
        if ((value & 0x02) != 0) _readIsr = (value & 0x01) != 0;
        if ((value & 0x40) != 0) _specialMask = (value & 0x20) != 0;
    }

    private void EndOfInterrupt(int input, bool rotate)
    {
        if (input < 0) return;
        _isr &= (byte)~(1 << input);
        if (rotate) _lowestPriority = input;
    }

    // Rank 0 is the highest priority; after rotation the input following the lowest-priority one ranks first.
    private int Rank(int input) => (input - _lowestPriority - 1) & 7;

    private int Highest(byte bits)
    {
        var best = -1;
        for (var input = 0; input < 8; input++)
            if ((bits & (1 << input)) != 0 && (best < 0 || Rank(input) < Rank(best))) best = input;
        return best;
    }

    private int HighestInService() => Highest(_isr);

    // A request wins if unmasked and ranked above every in-service level; special mask mode ignores masked in-service levels.
    private int HighestRequest()
    {
        var input = Highest((byte)(_irr & ~_imr));
        if (input < 0) return -1;
        var blocking = Highest(_specialMask ? (byte)(_isr & ~_imr) : _isr);
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
