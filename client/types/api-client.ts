// What pages ask the API through, in the browser and during server rendering alike (buildClient
// makes one of each). Either side rejects with an AxiosError, the browser's own error type: with
// `response` when the API answered outside 2xx, without it when nothing answered.
export interface ApiResponse<T> {
  status: number;
  data: T;
  /** Names in lower case. */
  headers: Readonly<Record<string, unknown>>;
}

export interface ApiClient {
  get<T>(path: string): Promise<ApiResponse<T>>;
}
