/** The course's fake: publishes succeed at once and are recorded, for route unit tests. */
export const natsWrapper = {
  client: {
    publish: jest.fn((_subject: string, _data: string, callback: (err?: Error) => void) => callback()),
  },
};
