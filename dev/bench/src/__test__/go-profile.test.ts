import { parsePprofTop } from '../go-profile';

// The head and three rows of `go tool pprof -top -cum -unit=ms` as Go 1.26 prints them.
const TOP = `File: ferretdb-v1.24.2
Type: cpu
Duration: 5s, Total samples = 4700ms (93.95%)
Showing nodes accounting for 4700ms, 100% of 4700ms total
      flat  flat%   sum%        cum   cum%
         0     0%     0%     3580ms 76.17%  github.com/FerretDB/FerretDB/internal/handler.(*Handler).MsgFind
      80ms  1.70%  1.70%     1300ms 27.66%  runtime.mallocgc
   0.50ms  0.01%  1.71%       10.5ms  0.22%  modernc.org/sqlite.(*rows).Next
`;

describe('parsePprofTop', () => {
  it("reads the total and each function's cumulative time, function names with their spaces and brackets", () => {
    const { totalMs, cumulativeMs } = parsePprofTop(TOP);
    expect(totalMs).toBe(4700);
    expect(cumulativeMs).toEqual(
      new Map([
        ['github.com/FerretDB/FerretDB/internal/handler.(*Handler).MsgFind', 3580],
        ['runtime.mallocgc', 1300],
        ['modernc.org/sqlite.(*rows).Next', 10.5],
      ]),
    );
  });

  it('reads nothing from text that is not such a table', () => {
    expect(parsePprofTop('go: unknown command')).toEqual({ totalMs: 0, cumulativeMs: new Map() });
  });
});
