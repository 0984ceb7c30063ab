import axios from 'axios';
import { createElement, useState, type ReactElement } from 'react';
import isServiceUnavailable, { SERVICE_UNAVAILABLE_MESSAGE } from '../api/is-service-unavailable';
import ErrorAlert from '../components/error-alert';
import type { ApiError, ApiErrorResponse } from '../types/api';

interface UseRequestOptions<T> {
  url: string;
  method: 'get' | 'post' | 'put' | 'delete';
  body?: unknown;
  onSuccess?: (data: T) => void;
  // Names of the inputs the form shows. Errors for these go beside their input (fieldErrors);
  // every other error goes in the alert, so no message is ever dropped.
  fields?: readonly string[];
  // The form's own check, with the rules the API applies (from @ticketing/common/rules): any
  // error it returns is shown like the API's, and the request is not sent.
  validate?: () => ApiError[];
}

interface UseRequestResult<T> {
  doRequest: () => Promise<T | undefined>;
  errors: ReactElement | null;
  fieldErrors: Record<string, string>;
}

const hasApiErrors = (data: unknown): data is ApiErrorResponse =>
  typeof data === 'object' && data !== null && Array.isArray((data as ApiErrorResponse).errors);

const toApiErrors = (err: unknown): ApiError[] => {
  if (axios.isAxiosError(err) && hasApiErrors(err.response?.data)) return err.response.data.errors;
  if (isServiceUnavailable(err)) return [{ message: SERVICE_UNAVAILABLE_MESSAGE }];
  return [{ message: 'Something went wrong' }];
};

const useRequest = <T = unknown>({
  url,
  method,
  body,
  onSuccess,
  fields = [],
  validate,
}: UseRequestOptions<T>): UseRequestResult<T> => {
  const [apiErrors, setApiErrors] = useState<ApiError[]>([]);

  const doRequest = async (): Promise<T | undefined> => {
    const invalid = validate?.() ?? [];
    setApiErrors(invalid);
    if (invalid.length > 0) return undefined;
    try {
      const response = await axios.request<T>({ url, method, data: body });
      onSuccess?.(response.data);
      return response.data;
    } catch (err) {
      setApiErrors(toApiErrors(err));
      return undefined;
    }
  };

  const fieldErrors: Record<string, string> = {};
  const alertErrors: ApiError[] = [];
  for (const error of apiErrors) {
    const { field, message } = error;
    if (field && fields.includes(field)) {
      fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]} ${message}` : message;
    } else {
      alertErrors.push(error);
    }
  }

  return {
    doRequest,
    errors: alertErrors.length > 0 ? createElement(ErrorAlert, { errors: alertErrors }) : null,
    fieldErrors,
  };
};

export default useRequest;
