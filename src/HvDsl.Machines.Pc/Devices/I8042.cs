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
    // The replies a guest may have asked for but not yet read; the 8042 itself holds one, so a few is plenty.
    private const int OutputCapacity = 16;

    private readonly Queue<(byte Value, bool Aux)> _output = new();
    private byte _lastOutput;

    /// <summary>The command byte and the rest of the controller's RAM.</summary>
    public I8042Ram Ram { get; } = new();

    /// <summary>Whether the guest has asked for a CPU reset (command 0xFE, a pulse of bit 0, or output port bit 0 cleared).</summary>
    public bool ResetRequested { get; private set; }

    /// <summary>Raised with what the guest did when it asks for a CPU reset; the machine ends the run as a reboot.</summary>
    public event Action<string>? ResetRequest;

    partial void OnReset()
    {
        Ram.Reset();
        _output.Clear();
        _lastOutput = 0;
        ResetRequested = false;
        UpdateInterrupts();
    }

    partial void OnSave(BinaryWriter writer)
    {
        Ram.Save(writer);
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
        Pending_Command = 0;
        if (RamAddress(value, ControllerCommand.ReadRam) is { } read)
            Queue((byte)Ram.Read(read, 1), aux: false);
        else if (RamAddress(value, ControllerCommand.WriteRam) is not null)
            Pending_Command = Command_Code;
        else
            Run(Command_Code);
        UpdateInterrupts();
    }

    private void Run(ControllerCommand command)
    {
        switch (command)
        {
            case ControllerCommand.WriteOutputPort or ControllerCommand.WriteKeyboardOutput or ControllerCommand.WriteAuxOutput or ControllerCommand.WriteAux:
                Pending_Command = command;
                break;
            case ControllerCommand.DisableAux:
                Ram.CommandByte_AuxDisable = true;
                break;
            case ControllerCommand.EnableAux:
                Ram.CommandByte_AuxDisable = false;
                break;
            case ControllerCommand.TestAux or ControllerCommand.TestKeyboard:
                Queue((byte)TestResult.NoError, aux: false);
                break;
            case ControllerCommand.SelfTest:
                Status_SystemFlag = true;
                Queue((byte)TestResult.SelfTestPassed, aux: false);
                break;
            case ControllerCommand.DisableKeyboard:
                Ram.CommandByte_KeyboardDisable = true;
                break;
            case ControllerCommand.EnableKeyboard:
                Ram.CommandByte_KeyboardDisable = false;
                break;
            case ControllerCommand.ReadInputPort:
                Queue(InputPort, aux: false);
                break;
            case ControllerCommand.ReadOutputPort:
                Queue(OutputPort, aux: false);
                break;
            case ControllerCommand.DisableA20:
                OutputPort_A20 = false;
                break;
            case ControllerCommand.EnableA20:
                OutputPort_A20 = true;
                break;
            // Pulse commands: a clear bit in the low nibble pulses that output port line, and the reset line is one of them.
            case >= ControllerCommand.Pulse when ((byte)command & RegisterMap.OutputPort_ResetMask) == 0:
                RequestReset($"i8042 command 0x{(byte)command:X2} on port 0x64 pulsed the CPU reset line");
                break;
        }
    }

    // A RAM command's address: the command's distance from the range's first, while it falls inside the controller's RAM.
    private ulong? RamAddress(byte value, ControllerCommand first) =>
        value >= (byte)first && (ulong)(value - (byte)first) < Ram.Size ? (ulong)(value - (byte)first) : null;

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
        var command = Pending_Command;
        Pending_Command = 0;
        if (RamAddress((byte)command, ControllerCommand.WriteRam) is { } address)
        {
            Ram.Write(address, 1, value);
            if (address == I8042Ram.RegisterMap.CommandByteOffset) Status_SystemFlag = Ram.CommandByte_SystemFlag;
        }
        else if (command == ControllerCommand.WriteOutputPort)
            WriteOutputPort(value);
        else if (command is ControllerCommand.WriteKeyboardOutput or ControllerCommand.WriteAuxOutput)
            Queue(value, aux: command == ControllerCommand.WriteAuxOutput);
        UpdateInterrupts();
    }

    // A20 is recorded but not modelled: guest-physical addresses never wrap at 1 MiB on this machine.
    private void WriteOutputPort(byte value)
    {
        OutputPort = (byte)(value & ~(RegisterMap.OutputPort_KeyboardFullMask | RegisterMap.OutputPort_AuxFullMask));
        if (!OutputPort_Reset) RequestReset($"output port write 0x{value:X2} through port 0x60 cleared the CPU reset line");
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
        OutputPort_KeyboardFull = full;
        OutputPort_AuxFull = aux;
        SetLevel(Keyboard, full && !aux && Ram.CommandByte_KeyboardInterrupt && !Ram.CommandByte_KeyboardDisable);
        SetLevel(Aux, aux && Ram.CommandByte_AuxInterrupt);
    }

    private static void SetLevel(IInterruptLine? line, bool high)
    {
        if (high) line?.Raise();
        else line?.Lower();
    }
}
