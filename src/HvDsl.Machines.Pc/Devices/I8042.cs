using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The 8042's behaviour: controller commands at port 0x64 (command byte and RAM, self-test, interface tests, the output
/// port, interface enables, pulses of the reset line), the output buffer port 0x60 reads with its IRQ 1 and IRQ 12, and a
/// reset request when the guest pulses or clears output port bit 0. No keyboard or mouse is attached: bytes sent to them
/// are dropped.
/// </summary>
public sealed partial class I8042
{
    // Output port bits (PC/AT Technical Reference): bit 0 holds the CPU out of reset, bit 1 is the A20 gate.
    private const byte OutputPortReset = 0x01;
    private const byte OutputPortA20 = 0x02;
    private const byte OutputPortKeyboardFull = 0x10;
    private const byte OutputPortAuxFull = 0x20;
    // QEMU's power-on output port: reset and A20 high, the keyboard and mouse clock and data lines idle high.
    private const byte OutputPortDefault = 0xCF;
    // The replies a guest may have asked for but not yet read; the 8042 itself holds one, so a few is plenty.
    private const int OutputCapacity = 16;

    private readonly Queue<(byte Value, bool Aux)> _output = new();
    private byte _pendingCommand;
    private byte _outputPort = OutputPortDefault;
    private byte _lastOutput;

    /// <summary>The command byte and the rest of the controller's RAM.</summary>
    public I8042Ram Ram { get; } = new();

    /// <summary>The IRQ 12 line for auxiliary-port data; the machine connects it.</summary>
    public IInterruptLine? AuxInterrupt { get; set; }

    /// <summary>Whether the guest has asked for a CPU reset (command 0xFE, a pulse of bit 0, or output port bit 0 cleared).</summary>
    public bool ResetRequested { get; private set; }

    /// <summary>Raised with what the guest did when it asks for a CPU reset; the machine ends the run as a reboot.</summary>
    public event Action<string>? ResetRequest;

    partial void OnReset()
    {
        Ram.Reset();
        _output.Clear();
        _pendingCommand = 0;
        _outputPort = OutputPortDefault;
        _lastOutput = 0;
        ResetRequested = false;
        UpdateInterrupts();
    }

    partial void OnSave(BinaryWriter writer)
    {
        Ram.Save(writer);
        writer.Write(_pendingCommand);
        writer.Write(_outputPort);
        writer.Write(_lastOutput);
        writer.Write(ResetRequested);
        writer.Write(_output.Count);
        foreach (var (value, aux) in _output)
        {
            writer.Write(value);
            writer.Write(aux);
        }
    }

    partial void OnRestore(BinaryReader reader)
    {
        Ram.Restore(reader);
        _pendingCommand = reader.ReadByte();
        _outputPort = reader.ReadByte();
        _lastOutput = reader.ReadByte();
        ResetRequested = reader.ReadBoolean();
        var count = reader.ReadInt32();
        if (count is < 0 or > OutputCapacity) throw new FormatException($"i8042 output buffer holds {count} bytes (at most {OutputCapacity}).");
        _output.Clear();
        for (var i = 0; i < count; i++) _output.Enqueue((reader.ReadByte(), reader.ReadBoolean()));
        UpdateInterrupts();
    }

    partial void OnCommand(byte value)
    {
        Status_LastWriteCommand = true;
        _pendingCommand = 0;
        switch (value)
        {
            case >= 0x20 and <= 0x3F:
                Queue((byte)Ram.Read((ulong)(value - 0x20), 1), aux: false);
                break;
            case >= 0x60 and <= 0x7F:
            case 0xD1 or 0xD2 or 0xD3 or 0xD4:
                _pendingCommand = value;
                break;
            case 0xA7:
                Ram.CommandByte_AuxDisable = true;
                break;
            case 0xA8:
                Ram.CommandByte_AuxDisable = false;
                break;
            // Interface tests answer 0x00, "no error"; the self-test answers 0x55 and sets the system flag.
            case 0xA9 or 0xAB:
                Queue(0x00, aux: false);
                break;
            case 0xAA:
                Status_SystemFlag = true;
                Queue(0x55, aux: false);
                break;
            case 0xAD:
                Ram.CommandByte_KeyboardDisable = true;
                break;
            case 0xAE:
                Ram.CommandByte_KeyboardDisable = false;
                break;
            case 0xC0:
                Queue(0x80, aux: false);
                break;
            case 0xD0:
                Queue(_outputPort, aux: false);
                break;
            case 0xDD:
                _outputPort &= unchecked((byte)~OutputPortA20);
                break;
            case 0xDF:
                _outputPort |= OutputPortA20;
                break;
            // Pulse commands: a clear bit in the low nibble pulses that output port line, and line 0 is the CPU reset.
            case >= 0xF0 when (value & OutputPortReset) == 0:
                RequestReset($"i8042 command 0x{value:X2} on port 0x64 pulsed the CPU reset line");
                break;
        }
        UpdateInterrupts();
    }

    /// <summary>Takes the output buffer's oldest byte, as a guest read of port 0x60 does; the last byte again when it is empty.</summary>
    public byte ReadData()
    {
        if (_output.TryDequeue(out var entry)) _lastOutput = entry.Value;
        UpdateInterrupts();
        return _lastOutput;
    }

    /// <summary>Takes a guest write of port 0x60: the parameter of the pending command, or a byte for the keyboard.</summary>
    public void WriteData(byte value)
    {
        Status_LastWriteCommand = false;
        var command = _pendingCommand;
        _pendingCommand = 0;
        switch (command)
        {
            case >= 0x60 and <= 0x7F:
                Ram.Write((ulong)(command - 0x60), 1, value);
                if (command == 0x60) Status_SystemFlag = Ram.CommandByte_SystemFlag;
                break;
            case 0xD1:
                WriteOutputPort(value);
                break;
            case 0xD2:
                Queue(value, aux: false);
                break;
            case 0xD3:
                Queue(value, aux: true);
                break;
        }
        UpdateInterrupts();
    }

    // A20 is recorded but not modelled: guest-physical addresses never wrap at 1 MiB on this machine.
    private void WriteOutputPort(byte value)
    {
        _outputPort = (byte)(value & ~(OutputPortKeyboardFull | OutputPortAuxFull));
        if ((value & OutputPortReset) == 0) RequestReset($"output port write 0x{value:X2} through port 0x60 cleared the CPU reset line");
    }

    private void RequestReset(string how)
    {
        ResetRequested = true;
        ResetRequest?.Invoke(how);
    }

    private void Queue(byte value, bool aux)
    {
        if (_output.Count < OutputCapacity) _output.Enqueue((value, aux));
    }

    // QEMU's rule: a keyboard byte raises IRQ 1 while enabled; an auxiliary byte raises IRQ 12; the level falls when read.
    private void UpdateInterrupts()
    {
        var full = _output.TryPeek(out var next);
        var aux = full && next.Aux;
        Status_OutputFull = full;
        Status_AuxOutputFull = aux;
        _outputPort = (byte)((_outputPort & ~(OutputPortKeyboardFull | OutputPortAuxFull)) | (full ? OutputPortKeyboardFull : 0) | (aux ? OutputPortAuxFull : 0));
        SetLevel(Keyboard, full && !aux && Ram.CommandByte_KeyboardInterrupt && !Ram.CommandByte_KeyboardDisable);
        SetLevel(AuxInterrupt, aux && Ram.CommandByte_AuxInterrupt);
    }

    private static void SetLevel(IInterruptLine? line, bool high)
    {
        if (high) line?.Raise();
        else line?.Lower();
    }
}
