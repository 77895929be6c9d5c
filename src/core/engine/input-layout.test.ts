import { describe, expect, it } from 'vitest';
import { detectInputLayout } from './input-layout';

describe('detectInputLayout', () => {
  it('reads the channel axis from the shape, else the format decides', () => {
    expect(detectInputLayout([1, 28, 28], 'NHWC')).toBe('NCHW');
    expect(detectInputLayout([3, 224, 224], 'NHWC')).toBe('NCHW');
    expect(detectInputLayout([28, 28, 1], 'NCHW')).toBe('NHWC');
    expect(detectInputLayout([32, 32, 3], 'NCHW')).toBe('NHWC');
    expect(detectInputLayout([3, 3, 3], 'NCHW')).toBe('NCHW'); // cannot tell
    expect(detectInputLayout([3, 3, 3], 'NHWC')).toBe('NHWC');
    expect(detectInputLayout([null, null, 3], 'NCHW')).toBe('NHWC');
    expect(detectInputLayout([784], 'NCHW')).toBeNull();
    expect(detectInputLayout([28, 28], 'NCHW')).toBeNull();
  });
});
