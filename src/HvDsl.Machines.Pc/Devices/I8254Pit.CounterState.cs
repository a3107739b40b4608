using System;
using System.IO;

namespace HvDsl.Machines.Pc;

public sealed partial class I8254Pit
{
    /// <summary>One 8254 counter: its control state, the count being loaded, latches, and the time counting began.</summary>
    private sealed class CounterState
    {
        // The status byte's two bits above the control word's six; the spec has no register that holds the byte.
        private const int StatusOutput = 0x80, StatusNullCount = 0x40;

        private int _mode;
        private int _access;
        private bool _bcd;
        private bool _writeHighNext;
        private bool _readHighNext;
        private byte _pendingLow;
        private ushort _reload;
        private bool _counting;
        private bool _gate = true;
        private bool _triggered;
        private bool _running;
        private ulong _ticksBefore;
        private ulong _runningSince;
        private ushort? _latchedCount;
        private bool _latchedHighNext;
        private byte? _latchedStatus;
        private bool _nullCount = true;

        /// <summary>Bumped whenever the counter is reprogrammed, so timers scheduled for the old count do nothing.</summary>
        public int Generation;

        /// <summary>Clock ticks per cycle: the initial count, where 0 stands for 2^16 (or 10^4 in BCD).</summary>
        public ulong Period => _reload == 0 ? (_bcd ? 10_000UL : 65_536UL) : FromBcd(_reload);

        /// <summary>Whether a complete count has been written since the last control word.</summary>
        public bool IsCounting => _counting;

        /// <summary>Modes 2 and 3 reload by themselves; modes 0 and 4 count once.</summary>
        public bool IsPeriodic => _mode is 2 or 3;

        /// <summary>Modes 1 and 5 wait for a rising edge of GATE, which counter 0's (tied high on the PC) never gives.</summary>
        public bool RunsWithoutGateTrigger => _mode is 0 or 2 or 3 or 4;

        /// <summary>The GATE input's level.</summary>
        public bool Gate => _gate;

        /// <summary>OUT's level once a control word or a count is written: low only in mode 0 (datasheet mode descriptions).</summary>
        public bool OutputHighAfterProgramming => _mode != 0;

        // Modes 6 and 7 are modes 2 and 3 with a don't-care bit (datasheet "Control Word Format").
        public void Program(int mode, int access, bool bcd)
        {
            _mode = mode > 5 ? mode - 4 : mode;
            _access = access;
            _bcd = bcd;
            _writeHighNext = _readHighNext = false;
            _latchedCount = null;
            _latchedStatus = null;
            _counting = false;
            _running = false;
            _triggered = false;
            _nullCount = true;
            Generation++;
        }

        /// <summary>Takes one byte of a new count; true once the count is complete and counting has (re)started.</summary>
        public bool WriteByte(byte value, ulong now)
        {
            switch (_access)
            {
                case 1: _reload = value; break;
                case 2: _reload = (ushort)(value << 8); break;
                default:
                    _writeHighNext = !_writeHighNext;
                    if (_writeHighNext)
                    {
                        _pendingLow = value;
                        return false;
                    }
                    _reload = (ushort)(_pendingLow | (value << 8));
                    break;
            }
            _counting = true;
            _nullCount = false;
            _triggered = false;
            _ticksBefore = 0;
            // Modes 0, 2, 3 and 4 count while GATE is high; modes 1 and 5 wait for its rising edge.
            _running = RunsWithoutGateTrigger && _gate;
            _runningSince = now;
            return true;
        }

        /// <summary>
        /// Drives GATE (datasheet "GATE Pin Operations Summary"): low suspends modes 0 and 4 and stops modes 2 and 3 with
        /// OUT high; a rising edge resumes modes 0 and 4 and restarts the count in modes 1, 2, 3 and 5.
        /// </summary>
        public void SetGate(bool high, ulong now)
        {
            if (high == _gate) return;
            _gate = high;
            if (!_counting) return;
            if (!high)
            {
                if (_mode is 1 or 5) return;
                _ticksBefore = TicksAt(now);
                _running = false;
                return;
            }
            if (_mode is not (0 or 4))
            {
                _triggered = true;
                _ticksBefore = 0;
            }
            _running = true;
            _runningSince = now;
        }

        public byte ReadByte(ulong now)
        {
            if (_latchedStatus is { } status)
            {
                _latchedStatus = null;
                return status;
            }
            if (_latchedCount is { } latched)
            {
                var high = _access == 2 || (_access == 3 && _latchedHighNext);
                _latchedHighNext = _access == 3 && !_latchedHighNext;
                if (!_latchedHighNext) _latchedCount = null;
                return high ? (byte)(latched >> 8) : (byte)latched;
            }
            var count = CountAt(now);
            var readHigh = _access == 2 || (_access == 3 && _readHighNext);
            if (_access == 3) _readHighNext = !_readHighNext;
            return readHigh ? (byte)(count >> 8) : (byte)count;
        }

        // A second latch before the first is read is ignored (datasheet "CounterState Latch Command").
        public void LatchCount(ulong now)
        {
            if (_latchedCount is not null) return;
            _latchedCount = CountAt(now);
            _latchedHighNext = false;
        }

        // Status byte (datasheet "Status Byte"): OUT in D7, NULL COUNT in D6, then the control word's RW, mode and BCD bits in place.
        public void LatchStatus(ulong now)
        {
            _latchedStatus ??= (byte)((OutputAt(now) ? StatusOutput : 0) | (_nullCount ? StatusNullCount : 0)
                | (_access << RegisterMap.Control_ReadWriteShift) | (_mode << RegisterMap.Control_ModeShift) | (_bcd ? RegisterMap.Control_BCDMask : 0));
        }

        public void Save(BinaryWriter writer)
        {
            writer.Write(_mode);
            writer.Write(_access);
            writer.Write(_reload);
            writer.Write(_pendingLow);
            writer.Write(_ticksBefore);
            writer.Write(_runningSince);
            writer.Write(_latchedCount ?? 0);
            writer.Write(_latchedStatus ?? 0);
            foreach (var flag in (bool[])[_bcd, _writeHighNext, _readHighNext, _counting, _latchedCount.HasValue, _latchedHighNext, _latchedStatus.HasValue, _nullCount, _gate, _triggered, _running])
                writer.Write(flag);
        }

        public void Restore(BinaryReader reader)
        {
            _mode = reader.ReadInt32();
            _access = reader.ReadInt32();
            _reload = reader.ReadUInt16();
            _pendingLow = reader.ReadByte();
            _ticksBefore = reader.ReadUInt64();
            _runningSince = reader.ReadUInt64();
            var latchedCount = reader.ReadUInt16();
            var latchedStatus = reader.ReadByte();
            _bcd = reader.ReadBoolean();
            _writeHighNext = reader.ReadBoolean();
            _readHighNext = reader.ReadBoolean();
            _counting = reader.ReadBoolean();
            _latchedCount = reader.ReadBoolean() ? latchedCount : null;
            _latchedHighNext = reader.ReadBoolean();
            _latchedStatus = reader.ReadBoolean() ? latchedStatus : null;
            _nullCount = reader.ReadBoolean();
            _gate = reader.ReadBoolean();
            _triggered = reader.ReadBoolean();
            _running = reader.ReadBoolean();
        }

        /// <summary>Clock ticks counted since the count was loaded, leaving out the time GATE held the counter.</summary>
        public ulong TicksAt(ulong now) =>
            !_running || now <= _runningSince ? _ticksBefore : _ticksBefore + (ulong)((UInt128)(now - _runningSince) * InputHz / 1_000_000_000UL);

        /// <summary>The clock time of tick <paramref name="tick"/> of a running count, rounded up to whole nanoseconds.</summary>
        public ulong NanosecondsAtTick(ulong tick) =>
            _runningSince + (ulong)(((UInt128)(tick - Math.Min(tick, _ticksBefore)) * 1_000_000_000UL + InputHz - 1) / InputHz);

        // Mode 3 counts down by two through each half period; modes 0, 1, 4 and 5 wrap after terminal count.
        private ushort CountAt(ulong now)
        {
            if (!_counting || (!RunsWithoutGateTrigger && !_triggered)) return _reload;
            var ticks = TicksAt(now);
            var period = Period;
            var modulus = _bcd ? 10_000UL : 65_536UL;
            var count = _mode switch
            {
                2 => period - ticks % period,
                3 => period - 2 * (ticks % period % ((period + 1) / 2)),
                _ => (period + modulus - ticks % modulus) % modulus,
            };
            return ToBcd(count);
        }

        /// <summary>OUT's level now (datasheet mode descriptions): modes 4 and 5 strobe it low for the one tick at terminal count.</summary>
        public bool OutputAt(ulong now)
        {
            if (!_counting) return OutputHighAfterProgramming;
            var ticks = TicksAt(now);
            return _mode switch
            {
                0 => ticks >= Period,
                1 => !_triggered || ticks >= Period,
                2 => !_gate || ticks % Period != Period - 1,
                3 => !_gate || ticks % Period < (Period + 1) / 2,
                4 => ticks != Period,
                _ => !_triggered || ticks != Period,
            };
        }

        private ulong FromBcd(ushort value) =>
            !_bcd ? value : (ulong)((value >> 12) * 1000 + ((value >> 8) & 0xF) * 100 + ((value >> 4) & 0xF) * 10 + (value & 0xF));

        private ushort ToBcd(ulong count) =>
            !_bcd ? (ushort)count : (ushort)((count / 1000 % 10) << 12 | (count / 100 % 10) << 8 | (count / 10 % 10) << 4 | count % 10);
    }
}
